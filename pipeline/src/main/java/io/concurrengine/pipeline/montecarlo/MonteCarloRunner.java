package io.concurrengine.pipeline.montecarlo;

import io.concurrengine.core.rng.SimRng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs many independent iterations of a model across threads, reproducibly from a seed whatever the thread count.
 * <p>
 * <b>Chunks.</b> Iterations are split into fixed chunks: chunk {@code c} covers the global indices
 * {@code [c * chunkSize, min((c + 1) * chunkSize, iterations))}. Chunks are tasks on a {@link ForkJoinPool} of
 * {@code threads} workers, split recursively so idle workers steal whole ranges of chunks; of no more workers than
 * there are chunks, since a chunk runs on one thread ({@link MonteCarloResult#threads()} gives the number).
 * <p>
 * <b>Seeding.</b> Iteration {@code i} of chunk {@code c} (i chunk-local, in {@code [0, chunkSize)}) draws from
 * {@code SimRng.fromPrefix(SimRng.seedPrefix(seed, c), i)}, reseeded in place on the worker's one generator. An
 * iteration's random stream depends on the seed, the chunk size and its global index only.
 * <p>
 * <b>Aggregation.</b> Each chunk accumulates its own partial in iteration order; after the pool has finished, the
 * partials are merged on the calling thread in ascending chunk order. Every value is also kept at its global index
 * and sorted at the end, for exact percentiles. So every statistic except the timings is bit-identical for any
 * thread count and any chunk-to-thread interleaving (same seed, iterations, chunk size).
 * <p>
 * <b>Failure.</b> An iteration that throws stops the run: chunks above its chunk not yet started are skipped (the
 * ones below still run, since one of them may fail too) and {@link #run(IterationRunnerFactory)} throws a
 * {@link MonteCarloException} naming the first iteration to fail in the lowest failing chunk, so the same one for
 * any thread count. An {@link Error} (e.g. {@link OutOfMemoryError}) anywhere in a chunk, or an exception of the
 * progress listener, stops the run too: no chunk starts after it, and once the chunks already running have finished
 * (so no runner is closed while a worker still uses it) {@link #run(IterationRunnerFactory)} throws it as it was.
 * Every runner is closed when the run ends, however it ends. If a runner's {@link IterationRunner#close()} throws, the
 * others are still closed; what it threw is attached as suppressed to the run's own failure, or, if the run did not
 * fail, the first one is thrown with the others suppressed.
 * <p>
 * <b>Cost.</b> One {@link IterationRunner} and one {@link SimRng} per worker thread, one {@code double} per iteration
 * ({@code 8 * iterations} bytes), and per chunk a partial with its {@code metricCount} sums, all kept to the end of
 * the run ({@link #retainedBytes(long, int, int)}: with small chunks the partials outweigh the values). The pool is
 * created per run and shut down after.
 * <p>
 * Threadsafe: a runner holds only its configuration; each {@code run} is independent.
 */
public final class MonteCarloRunner
{
    /** Default iterations per chunk. */
    public static final int DEFAULT_CHUNK_SIZE = 256;

    /** Most iterations of one run: every value is kept in one array. */
    public static final long MAX_ITERATIONS = Integer.MAX_VALUE - 8;

    /** Most worker threads: the limit of the {@link ForkJoinPool} the chunks run on. */
    public static final int MAX_THREADS = 0x7fff;

    /**
     * Bytes a chunk keeps to the end of a run besides its metric sums, on a 64-bit JVM without compressed references:
     * its partial (88), the header of its sums array (24) and its places in the run's order, partial and failure
     * arrays (24).
     */
    static final int CHUNK_BYTES = 136;

    private final Context context;

    /**
     * @param context the run's configuration; copied, so later changes to it do not affect this runner.
     * @throws IllegalArgumentException if a value is out of range.
     */
    public MonteCarloRunner(final Context context)
    {
        context.validate();
        this.context = context.copy();
    }

    /**
     * Run every iteration and aggregate. Blocks until done.
     *
     * @param factory makes one runner per worker thread.
     * @return the aggregate.
     * @throws MonteCarloException if an iteration throws.
     * @throws RuntimeException    what the progress listener or, if nothing failed before, a runner's
     *                             {@link IterationRunner#close()} threw.
     */
    public MonteCarloResult run(final IterationRunnerFactory factory)
    {
        final long chunks = chunkCount();
        final long[] order = new long[(int)chunks];
        Arrays.setAll(order, c -> c);
        return run(factory, order);
    }

    /**
     * Run with chunks taken in a given order, for tests of interleaving independence.
     *
     * @param order a permutation of the chunk indices; with one thread, chunks run in exactly this order.
     */
    MonteCarloResult run(final IterationRunnerFactory factory, final long[] order)
    {
        final long start = System.nanoTime();
        final Run run = new Run(context, factory, chunkCount());
        final int threads = (int)Math.min(context.threads(), Math.max(1, chunkCount()));
        final ForkJoinPool pool = new ForkJoinPool(threads);
        try
        {
            pool.invoke(new ChunkRange(run, order, 0, order.length));
        }
        finally
        {
            pool.shutdown();
            run.closeRunners(); // throws nothing: what a close() throws is kept for throwFirstFailure()
        }
        run.throwFirstFailure();

        final ChunkAggregate total = new ChunkAggregate(null, context.metricCount());
        for (final ChunkAggregate partial : run.partials)
        {
            total.merge(partial);
        }
        Arrays.sort(run.values);
        return new MonteCarloResult(context, threads, run.partials.length, total, run.values,
            System.nanoTime() - start);
    }

    /**
     * What a run keeps on the heap until it ends: the value of every iteration and the partial of every chunk, as a
     * 64-bit JVM without compressed references lays them out (less with them); the runners and the pool come on top.
     *
     * @param iterations  iterations of the run.
     * @param chunkSize   iterations per chunk.
     * @param metricCount model-specific sums per chunk.
     * @return bytes.
     */
    public static long retainedBytes(final long iterations, final int chunkSize, final int metricCount)
    {
        final long chunks = (iterations + chunkSize - 1) / chunkSize;
        return iterations * Double.BYTES + chunks * (CHUNK_BYTES + (long)metricCount * Double.BYTES);
    }

    private long chunkCount()
    {
        return (context.iterations() + context.chunkSize() - 1) / context.chunkSize();
    }

    /**
     * Configuration of a run, with fluent setters. Not threadsafe; copied by {@link MonteCarloRunner}.
     */
    public static final class Context
    {
        private long iterations = 1;
        private long seed;
        private int threads = 1;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int metricCount;
        private ProgressListener progressListener;

        /**
         * @param iterations how many, in [1, {@link #MAX_ITERATIONS}].
         * @return this.
         */
        public Context iterations(final long iterations)
        {
            this.iterations = iterations;
            return this;
        }

        /**
         * @return how many iterations.
         */
        public long iterations()
        {
            return iterations;
        }

        /**
         * @param seed base seed of every iteration's generator.
         * @return this.
         */
        public Context seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * @return base seed.
         */
        public long seed()
        {
            return seed;
        }

        /**
         * @param threads worker threads, in [1, {@link #MAX_THREADS}]; does not change any statistic. A run uses
         *                no more than it has chunks.
         * @return this.
         * @throws IllegalArgumentException if out of range.
         */
        public Context threads(final int threads)
        {
            if (threads < 1 || threads > MAX_THREADS)
            {
                throw new IllegalArgumentException("threads=" + threads + " must be in [1, " + MAX_THREADS + "]");
            }
            this.threads = threads;
            return this;
        }

        /**
         * @return worker threads asked for.
         */
        public int threads()
        {
            return threads;
        }

        /**
         * @param chunkSize iterations per chunk, at least 1; part of the seeding.
         * @return this.
         */
        public Context chunkSize(final int chunkSize)
        {
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * @return iterations per chunk.
         */
        public int chunkSize()
        {
            return chunkSize;
        }

        /**
         * @param metricCount number of model-specific sums runners may {@link IterationRecorder#add(int, double)} to.
         * @return this.
         */
        public Context metricCount(final int metricCount)
        {
            this.metricCount = metricCount;
            return this;
        }

        /**
         * @return number of model-specific sums.
         */
        public int metricCount()
        {
            return metricCount;
        }

        /**
         * @param progressListener told after each chunk, on worker threads; may be null.
         * @return this.
         */
        public Context progressListener(final ProgressListener progressListener)
        {
            this.progressListener = progressListener;
            return this;
        }

        /**
         * @return the progress listener, or null.
         */
        public ProgressListener progressListener()
        {
            return progressListener;
        }

        void validate()
        {
            if (iterations < 1 || iterations > MAX_ITERATIONS)
            {
                throw new IllegalArgumentException(
                    "iterations=" + iterations + " must be in [1, " + MAX_ITERATIONS + "]");
            }
            if (threads < 1)
            {
                throw new IllegalArgumentException("threads=" + threads + " must be at least 1");
            }
            if (chunkSize < 1)
            {
                throw new IllegalArgumentException("chunkSize=" + chunkSize + " must be at least 1");
            }
            if (metricCount < 0)
            {
                throw new IllegalArgumentException("metricCount=" + metricCount + " must not be negative");
            }
        }

        Context copy()
        {
            return new Context().iterations(iterations).seed(seed).threads(threads).chunkSize(chunkSize)
                .metricCount(metricCount).progressListener(progressListener);
        }
    }

    /**
     * Shared state of one run: results by chunk, the value array, the per-thread workers.
     */
    private static final class Run
    {
        final Context context;
        final IterationRunnerFactory factory;
        final ChunkAggregate[] partials;
        final MonteCarloException[] failures;
        final double[] values;
        final AtomicLong done = new AtomicLong();
        final Queue<Worker> workers = new ConcurrentLinkedQueue<>();
        final ThreadLocal<Worker> worker = new ThreadLocal<>();
        /** Lowest chunk that failed so far, or {@code Long.MAX_VALUE}: only chunks above it are skipped. */
        final AtomicLong lowestFailedChunk = new AtomicLong(Long.MAX_VALUE);
        /** What abandoned the run (an error, or the progress listener's exception), first one kept; or null. */
        final AtomicReference<Throwable> abandoned = new AtomicReference<>();
        /** What the runners' {@code close()} threw, in the order they were closed; on the caller's thread. */
        final List<Throwable> closeFailures = new ArrayList<>();

        Run(final Context context, final IterationRunnerFactory factory, final long chunks)
        {
            this.context = context;
            this.factory = factory;
            this.partials = new ChunkAggregate[(int)chunks];
            this.failures = new MonteCarloException[(int)chunks];
            this.values = new double[(int)context.iterations()];
        }

        void runChunk(final int chunk)
        {
            if (chunk > lowestFailedChunk.get())
            {
                return; // a lower chunk failed: this one cannot change which failure is reported
            }
            final long first = (long)chunk * context.chunkSize();
            final long end = Math.min(context.iterations(), first + context.chunkSize());
            final ChunkAggregate partial = new ChunkAggregate(values, context.metricCount());
            final long prefix = SimRng.seedPrefix(context.seed(), chunk);
            long iteration = first;
            try
            {
                final Worker worker = worker();
                final SimRng rng = worker.rng;
                final IterationRunner runner = worker.runner;
                for (; iteration < end; iteration++)
                {
                    rng.reseed(prefix, iteration - first);
                    partial.next(iteration);
                    final long recorded = partial.count();
                    runner.runIteration(rng, iteration, partial);
                    if (partial.count() != recorded + 1)
                    {
                        throw new IllegalStateException("the runner recorded " + (partial.count() - recorded) +
                            " values for one iteration; it must record exactly one");
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                failures[chunk] = new MonteCarloException(iteration, chunk, iteration - first, ex);
                lowestFailedChunk.accumulateAndGet(chunk, Math::min);
                return;
            }
            partials[chunk] = partial;
            final long done = this.done.addAndGet(end - first);
            final ProgressListener listener = context.progressListener();
            if (null != listener)
            {
                listener.onProgress(done, context.iterations());
            }
        }

        private Worker worker()
        {
            Worker worker = this.worker.get();
            if (null == worker)
            {
                worker = new Worker(factory.newRunner());
                this.worker.set(worker);
                workers.add(worker);
            }
            return worker;
        }

        /**
         * Close every runner, also when one's {@code close()} throws: that is kept for {@link #throwFirstFailure()}.
         */
        void closeRunners()
        {
            for (final Worker worker : workers)
            {
                try
                {
                    worker.runner.close();
                }
                catch (final Throwable ex)
                {
                    closeFailures.add(ex);
                }
            }
        }

        /**
         * Stop the run for a throwable that is no iteration's failure: every chunk not yet started is skipped, and
         * {@link #throwFirstFailure()} rethrows it. Not propagating it through the pool keeps
         * {@link ForkJoinPool#invoke} from returning while other workers are still inside their chunks.
         *
         * @param ex what a chunk threw.
         */
        void abandon(final Throwable ex)
        {
            abandoned.compareAndSet(null, ex);
            lowestFailedChunk.set(-1);
        }

        /**
         * Throw what abandoned the run, else the lowest chunk's failure, else the first runner's close failure; with
         * the close failures (the others, for the last) attached as suppressed. Return if there is none.
         */
        void throwFirstFailure()
        {
            final Throwable first = firstFailure();
            if (null == first)
            {
                return;
            }
            for (final Throwable closeFailure : closeFailures)
            {
                if (closeFailure != first)
                {
                    first.addSuppressed(closeFailure);
                }
            }
            if (first instanceof Error)
            {
                throw (Error)first;
            }
            if (first instanceof RuntimeException)
            {
                throw (RuntimeException)first;
            }
            throw new IllegalStateException(first);
        }

        private Throwable firstFailure()
        {
            final Throwable fatal = abandoned.get();
            if (null != fatal)
            {
                return fatal;
            }
            for (final MonteCarloException failure : failures)
            {
                if (null != failure)
                {
                    return failure;
                }
            }
            return closeFailures.isEmpty() ? null : closeFailures.get(0);
        }
    }

    private static final class Worker
    {
        final IterationRunner runner;
        final SimRng rng = new SimRng(1);

        Worker(final IterationRunner runner)
        {
            this.runner = runner;
        }
    }

    /**
     * Chunks {@code order[from, to)}: split in halves until one chunk is left, so stealing takes whole ranges.
     */
    private static final class ChunkRange extends RecursiveAction
    {
        private static final long serialVersionUID = 1L;

        private final transient Run run;
        private final long[] order;
        private final int from;
        private final int to;

        ChunkRange(final Run run, final long[] order, final int from, final int to)
        {
            this.run = run;
            this.order = order;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute()
        {
            if (to - from == 1)
            {
                try
                {
                    run.runChunk((int)order[from]);
                }
                catch (final Throwable ex)
                {
                    run.abandon(ex);
                }
            }
            else if (to > from)
            {
                final int mid = (from + to) >>> 1;
                invokeAll(new ChunkRange(run, order, from, mid), new ChunkRange(run, order, mid, to));
            }
        }
    }
}
