package io.concurrengine.bench.pipeline;

import io.concurrengine.model.market.MarketInput;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.InputBatch;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;

/**
 * A publisher that replays a recording of the synthetic order flow from memory, as a feed handler replays a recorded
 * session: the order flow is generated into one array before the run, so the run measures the pipeline rather than
 * the generator (whose Zipf sampling and live-order bookkeeping cost 160-200 ns of publisher CPU per input, more than
 * the whole shard at its best).
 * <p>
 * Each input is published with the per-input {@link Pipeline#publish} call, or, given a batch size above 1 and the
 * engine's pipeline, in batches of that many with {@code Engine.publish(InputBatch)}, as a feed handler that decodes
 * several messages from one packet would; the clock is read once every
 * {@link #CLOCK_STRIDE} inputs and that reading is every one of them's intended send time, so latency is measured
 * from at most {@code CLOCK_STRIDE - 1} inputs before the input was really published (an overstatement of a few
 * microseconds, negligible beside a burst's queueing). The recording is replayed in laps; lap {@code k} adds
 * {@code k} recording spans to the feed time, so time keeps advancing. For the trivial model a lap is the same work
 * again; the market model would see the same order ids again and reject them as duplicates, so market figures from
 * this feed stand only for runs shorter than one lap.
 * <p>
 * Unpaced only. Allocation-free while publishing.
 */
final class RecordedFeed extends BenchFeed
{
    /** Inputs published per clock reading, deadline check and progress update. */
    static final int CLOCK_STRIDE = 64;

    /** Longs per recorded input, and each field's offset among them. */
    static final int WORDS = 7;
    static final int TYPE = 0;
    static final int TARGET = 1;
    static final int FEED_TIME = 2;
    static final int A0 = 3;
    static final int A1 = 4;
    static final int A2 = 5;
    static final int A3 = 6;

    /**
     * Inputs of the order flow laid out one after another, {@value #WORDS} longs each, for a sequential read.
     */
    static final class Recording
    {
        /** The inputs, {@link #WORDS} longs each, fields at {@link #TYPE} and the other offsets. */
        final long[] words;
        final int size;
        private final long span;

        private Recording(final long[] words, final int size, final long span)
        {
            this.words = words;
            this.size = size;
            this.span = span;
        }

        /**
         * Generate a recording.
         *
         * @param flow the order flow's shape and seed.
         * @param size inputs to record, a multiple of {@link #CLOCK_STRIDE}.
         * @return the recording.
         */
        static Recording of(final OrderFlowConfig flow, final int size)
        {
            if (size < CLOCK_STRIDE || size % CLOCK_STRIDE != 0 || (long)size * WORDS > Integer.MAX_VALUE - 8)
            {
                throw new IllegalArgumentException("recorded inputs=" + size + " must be a positive multiple of " +
                    CLOCK_STRIDE + " below " + (Integer.MAX_VALUE / WORDS));
            }
            final SyntheticOrderFlow generator = new SyntheticOrderFlow(flow);
            final MarketInput input = new MarketInput();
            final long[] words = new long[size * WORDS];
            for (int i = 0, w = 0; i < size; i++, w += WORDS)
            {
                generator.next(input);
                words[w + TYPE] = input.type();
                words[w + TARGET] = input.target();
                words[w + FEED_TIME] = input.feedTime();
                words[w + A0] = input.a0();
                words[w + A1] = input.a1();
                words[w + A2] = input.a2();
                words[w + A3] = input.a3();
            }
            final long span = words[(size - 1) * WORDS + FEED_TIME] - words[FEED_TIME] + 1;
            return new Recording(words, size, span);
        }

        int size()
        {
            return size;
        }
    }

    private final Pipeline pipeline;
    /** The engine to publish batches to, or null to publish each input on its own. */
    private final Engine engine;
    private final InputBatch batch;
    private final Recording recording;
    private final long maxInputs;
    private final long durationNanos;
    private volatile boolean stopRequested;
    private volatile long published;
    private volatile long refused;
    private volatile long startNanos;
    private volatile long endNanos;

    /**
     * @param pipeline      where to publish.
     * @param recording     what to publish.
     * @param maxInputs     inputs to publish, or 0 for no limit.
     * @param durationNanos how long to publish from the start of {@link #run()}, or 0 for no limit.
     * @param batchSize     inputs per batch, a divisor of {@link #CLOCK_STRIDE}: 1 (or a pipeline other than the
     *                      engine's) publishes each input on its own.
     */
    RecordedFeed(final Pipeline pipeline, final Recording recording, final long maxInputs, final long durationNanos,
        final int batchSize)
    {
        this.pipeline = pipeline;
        this.engine = batchSize > 1 && pipeline instanceof DisruptorPipeline ?
            ((DisruptorPipeline)pipeline).engine() : null;
        this.batch = null == engine ? null : new InputBatch(batchSize);
        this.recording = recording;
        this.maxInputs = maxInputs > 0 ? maxInputs : Long.MAX_VALUE;
        this.durationNanos = durationNanos > 0 ? durationNanos : Long.MAX_VALUE;
    }

    @Override
    void publish()
    {
        final Pipeline pipeline = this.pipeline;
        final long[] words = recording.words;
        final int wordCount = recording.size * WORDS;
        final long span = recording.span;
        final long maxInputs = this.maxInputs;
        final long start = System.nanoTime();
        startNanos = start;
        long count = 0;
        long refusals = 0;
        long timeOffset = 0;
        int w = 0;
        try
        {
            outer:
            while (count < maxInputs && !stopRequested)
            {
                final long intended = System.nanoTime();
                if (intended - start >= durationNanos)
                {
                    break;
                }
                final long strideEnd = Math.min(maxInputs, count + CLOCK_STRIDE);
                if (null != engine && strideEnd - count == CLOCK_STRIDE)
                {
                    if (w == wordCount)
                    {
                        w = 0;
                        timeOffset += span;
                    }
                    for (int b = 0; b < CLOCK_STRIDE; b += batch.capacity())
                    {
                        batch.clear();
                        for (int i = 0; i < batch.capacity(); i++, w += WORDS)
                        {
                            batch.add(words[w + TARGET], (int)words[w + TYPE], words[w + FEED_TIME] + timeOffset,
                                words[w + A0], words[w + A1], words[w + A2], words[w + A3], intended);
                        }
                        final int accepted = engine.publish(batch);
                        count += accepted;
                        if (accepted < batch.size())
                        {
                            if (Engine.CLOSED == batch.result(batch.size() - 1))
                            {
                                break outer;
                            }
                            refusals += batch.size() - accepted;
                            count += batch.size() - accepted;
                        }
                    }
                    published = count;
                    refused = refusals;
                    continue;
                }
                for (; count < strideEnd; count++, w += WORDS)
                {
                    if (w == wordCount)
                    {
                        w = 0;
                        timeOffset += span;
                    }
                    final long result = pipeline.publish(words[w + TARGET], (int)words[w + TYPE],
                        words[w + FEED_TIME] + timeOffset, words[w + A0], words[w + A1], words[w + A2], words[w + A3],
                        intended);
                    if (Pipeline.CLOSED == result)
                    {
                        break outer;
                    }
                    if (result < 0)
                    {
                        refusals++;
                    }
                }
                published = count;
                refused = refusals;
            }
        }
        finally
        {
            endNanos = System.nanoTime();
            published = count;
            refused = refusals;
        }
    }

    @Override
    void requestStop()
    {
        stopRequested = true;
    }

    @Override
    long published()
    {
        return published;
    }

    @Override
    long refused()
    {
        return refused;
    }

    @Override
    long startNanos()
    {
        return startNanos;
    }

    @Override
    long endNanos()
    {
        return endNanos;
    }
}
