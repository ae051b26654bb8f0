/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;

/**
 * The identity a {@link JournalReader} requires of a journal's first header, as its {@link JournalReader.Builder} was
 * told: each part, when set, must be the header's. Immutable.
 */
final class RequiredIdentity
{
    private final String modelId;
    private final String engineVersion;
    private final Long configHash;
    private final int shardId;
    private final int shardCount;

    /**
     * @param modelId       required model id, or null for any.
     * @param engineVersion required engine version, or null for any.
     * @param configHash    required configuration hash, or null for any.
     * @param shardId       required shard id, or negative for any.
     * @param shardCount    required shard count, or not positive for any.
     */
    RequiredIdentity(
        final String modelId,
        final String engineVersion,
        final Long configHash,
        final int shardId,
        final int shardCount)
    {
        this.modelId = modelId;
        this.engineVersion = engineVersion;
        this.configHash = configHash;
        this.shardId = shardId;
        this.shardCount = shardCount;
    }

    /**
     * @param header  the journal's first header, the scanner's current document.
     * @param scanner names the document in a report.
     * @throws JournalCorruptException ({@link JournalCorruptException.Reason#IDENTITY_MISMATCH}) at the first part
     *                                 that differs: model, engine version, configuration, shard id, shard count.
     */
    void check(final JournalHeader header, final CycleFileScanner scanner)
    {
        if (null != modelId && !modelId.equals(header.modelId()))
        {
            throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another model: modelId found=" +
                header.modelId() + " expected=" + modelId);
        }
        if (null != engineVersion && !engineVersion.equals(header.engineVersion()))
        {
            throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another engine: engineVersion " +
                "found=" + header.engineVersion() + " expected=" + engineVersion);
        }
        if (null != configHash && configHash != header.configHash())
        {
            throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another configuration: " +
                "configHash found=0x" + Long.toHexString(header.configHash()) + " expected=0x" +
                Long.toHexString(configHash));
        }
        if (shardId >= 0 && shardId != header.shardId())
        {
            throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another shard: shardId found=" +
                header.shardId() + " expected=" + shardId);
        }
        if (shardCount > 0 && shardCount != header.shardCount())
        {
            throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of an engine with another shard " +
                "count: shardCount found=" + header.shardCount() + " expected=" + shardCount);
        }
    }
}
