/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Identity of one shard's run, written as the first block of every cycle file of its journal. Immutable.
 *
 * @param engineVersion engine version string, e.g. "0.1.0".
 * @param modelId       model identity, e.g. "market-v1".
 * @param configHash    64-bit hash of the resolved configuration.
 * @param shardId       shard id, 0 &le; shardId &lt; shardCount.
 * @param shardCount    number of shards of the engine.
 * @param timeUnit      unit of every time in the journal.
 * @param startTime     engine clock at start, in {@code timeUnit}.
 * @param seed          seed of the run's randomness.
 */
public record JournalHeader(
    String engineVersion,
    String modelId,
    long configHash,
    int shardId,
    int shardCount,
    TimeUnit timeUnit,
    long startTime,
    long seed)
{
    /**
     * Validate the fields.
     *
     * @throws IllegalArgumentException on a null or over-long string, a bad shard id or count.
     */
    public JournalHeader
    {
        checkString("engineVersion", engineVersion);
        checkString("modelId", modelId);
        Objects.requireNonNull(timeUnit, "timeUnit");
        if (shardCount < 1)
        {
            throw new IllegalArgumentException("shardCount=" + shardCount);
        }
        if (shardId < 0 || shardId >= shardCount)
        {
            throw new IllegalArgumentException("shardId=" + shardId + " shardCount=" + shardCount);
        }
    }

    private static void checkString(final String name, final String value)
    {
        if (null == value)
        {
            throw new IllegalArgumentException(name + "=null");
        }
        final int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length > JournalDescriptor.MAX_STRING_LENGTH)
        {
            throw new IllegalArgumentException(name + ".utf8Length=" + length + " > " +
                JournalDescriptor.MAX_STRING_LENGTH);
        }
    }
}
