package io.concurrengine.bench.pipeline;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.ShardModel;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.pipeline.replay.ShardReplayer;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replay --verify} of a run's journal: every shard in turn on one thread (as {@code concurrengine replay --verify
 * --threads 1} does it), and with one thread per shard (as the command does by default, with at least as many
 * processors as shards); a fresh model each, every dispatch compared.
 * Reports events per second, whether every dispatch matched and the state hash reached, and the bytes the replaying
 * thread allocated per event while replaying (the model is built before; reader setup, wheel and model growth are
 * included).
 */
final class ReplayRun
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final BenchContext context;
    private final Path root;
    private final String model;

    ReplayRun(final BenchContext context, final Path root, final String model)
    {
        this.context = context;
        this.root = root;
        this.model = model;
    }

    /**
     * Every shard in turn on the calling thread, as the replay command does with {@code --threads 1}.
     *
     * @param pass label of the pass.
     * @return the figures.
     */
    Map<String, Object> sequential(final String pass)
    {
        final int shards = context.config().shards();
        final ShardModelFactory models = context.models(model);
        final ReplayResult[] results = new ReplayResult[shards];
        final long[] allocated = new long[shards];
        final long start = System.nanoTime();
        for (int i = 0; i < shards; i++)
        {
            final ShardModel shardModel = models.create(i, shards);
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            results[i] = replayShard(shardModel, i);
            allocated[i] = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        return summary(pass, "sequential (as `concurrengine replay --verify --threads 1`)", results, allocated,
            System.nanoTime() - start);
    }

    /**
     * One thread per shard, all at once, as the replay command does by default.
     *
     * @param pass label of the pass.
     * @return the figures.
     * @throws InterruptedException if interrupted while waiting.
     */
    Map<String, Object> parallel(final String pass) throws InterruptedException
    {
        final int shards = context.config().shards();
        final ShardModelFactory models = context.models(model);
        final ReplayResult[] results = new ReplayResult[shards];
        final long[] allocated = new long[shards];
        final Throwable[] failures = new Throwable[shards];
        final List<Thread> threads = new ArrayList<>();
        final long start = System.nanoTime();
        for (int i = 0; i < shards; i++)
        {
            final int shard = i;
            final Thread thread = new Thread(() ->
            {
                try
                {
                    final ShardModel shardModel = models.create(shard, shards);
                    final long before = THREADS.getCurrentThreadAllocatedBytes();
                    results[shard] = replayShard(shardModel, shard);
                    allocated[shard] = THREADS.getCurrentThreadAllocatedBytes() - before;
                }
                catch (final RuntimeException | Error ex)
                {
                    failures[shard] = ex;
                }
            }, "bench-replay-" + i);
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        for (final Throwable failure : failures)
        {
            if (null != failure)
            {
                throw new IllegalStateException("replay failed: " + failure, failure);
            }
        }
        return summary(pass, "one thread per shard (as `concurrengine replay --verify`)", results, allocated, System.nanoTime() - start);
    }

    private ReplayResult replayShard(final ShardModel model, final int shard)
    {
        final Path directory = ChronicleShardJournal.shardDirectory(root, shard);
        return new ShardReplayer(shard, model, context.config().wheelSlots(),
            context.config().wheelSlotShift(), true).replay(directory, false);
    }

    static Map<String, Object> summary(
        final String pass,
        final String how,
        final ReplayResult[] results,
        final long[] allocated,
        final long wallNanos)
    {
        long dispatched = 0;
        long inputs = 0;
        long elapsed = 0;
        long bytes = 0;
        boolean verified = true;
        final long[] hashes = new long[results.length];
        final List<Map<String, Object>> shards = new ArrayList<>();
        for (int i = 0; i < results.length; i++)
        {
            final ReplayResult r = results[i];
            dispatched += r.dispatched();
            inputs += r.inputs();
            elapsed += r.elapsedNanos();
            bytes += allocated[i];
            verified &= r.verified();
            hashes[i] = r.stateHash();
            final Map<String, Object> shard = new LinkedHashMap<>();
            shard.put("shard", r.shardId());
            shard.put("inputs", r.inputs());
            shard.put("advances", r.advances());
            shard.put("dispatched", r.dispatched());
            shard.put("seconds", r.elapsedNanos() / 1e9);
            shard.put("eventsPerSecond", r.eventsPerSecond());
            shard.put("verified", r.verified());
            shard.put("divergence", null == r.divergence() ? null : r.divergence().toString());
            shard.put("allocatedBytes", allocated[i]);
            shards.add(shard);
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("pass", pass);
        result.put("how", how);
        result.put("verified", verified);
        result.put("inputs", inputs);
        result.put("dispatched", dispatched);
        result.put("replaySeconds", elapsed / 1e9);
        result.put("wallSeconds", wallNanos / 1e9);
        result.put("eventsPerSecond", elapsed == 0 ? 0.0 : dispatched * 1e9 / elapsed);
        result.put("wallEventsPerSecond", dispatched * 1e9 / wallNanos);
        result.put("allocatedBytesPerEvent", (double)bytes / Math.max(1, dispatched));
        result.put("allocatedBytes", bytes);
        result.put("stateHash", String.format("%016x", Engine.combineStateHashes(hashes)));
        result.put("shards", shards);
        return result;
    }
}
