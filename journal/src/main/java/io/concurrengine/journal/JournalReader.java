/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;

/**
 * Reads a closed journal directory: the header of the first cycle file, then every record in order, validating
 * magic, format version, identity, the checksum of every block, block order, the framing of every cycle file and,
 * from format version 4, that the journal ends with the END block its writer appends on close (a journal without it
 * was not closed, or lost its tail at a document boundary, and is reported as
 * {@link JournalCorruptException.Reason#UNCLOSED} after its records were delivered).
 * <p>
 * Records reach a {@link JournalRecordHandler} through one reused {@link JournalRecord} flyweight: no allocation per
 * record. Reading is O(journal bytes) and each call re-reads from the start. Any damage stops reading with a
 * {@link JournalCorruptException} naming the cycle file, document index, record index and what is wrong;
 * {@link #salvage(JournalRecordHandler)} instead returns the intact prefix and where it stopped. A journal still
 * being written needs {@link Builder#live(boolean)}: it then reads up to the last complete document; without it the
 * document being appended (its header still 0, its bytes following) is reported as a journal not closed, as is
 * the one a writer killed mid-append leaves, and bytes appended while the reader checks the file's unwritten tail
 * may read as trailing data.
 * <p>
 * Not threadsafe: use one reader per thread.
 */
public final class JournalReader
{
    private final Path directory;
    private final RequiredIdentity required;
    private final boolean live;

    private JournalReader(final Builder builder)
    {
        directory = builder.directory;
        required = new RequiredIdentity(builder.requiredModelId, builder.requiredEngineVersion,
            builder.requiredConfigHash, builder.requiredShardId, builder.requiredShardCount);
        live = builder.live;
    }

    /**
     * @param directory journal directory of one shard.
     * @return a reader that accepts any identity.
     */
    public static JournalReader open(final Path directory)
    {
        return builder(directory).build();
    }

    /**
     * @param directory journal directory of one shard.
     * @return a builder to require an identity.
     */
    public static Builder builder(final Path directory)
    {
        return new Builder(directory);
    }

    /**
     * @param directory journal directory of one shard.
     * @return its cycle files, oldest first: the order a reader takes them in.
     * @throws IOException if the directory cannot be listed.
     */
    public static List<Path> cycleFiles(final Path directory) throws IOException
    {
        return JournalFiles.cycleFiles(directory);
    }

    /**
     * @param directory journal directory of one shard.
     * @return a clause naming the entries there named as cycle files that are not regular files (a directory, a named
     * pipe), which a reader does not read, for a message saying why cycle files are missing: {@code "; X.cq4 is named
     * as a cycle file but not a regular file (...): not read"}; "" for none, or if the directory cannot be listed.
     */
    public static String entriesNotRead(final Path directory)
    {
        return JournalFiles.notCycleFiles(directory);
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Read and validate only the first header.
     *
     * @return identity of the journal.
     * @throws JournalCorruptException if it is missing, damaged, of another version or another identity.
     */
    public JournalHeader header()
    {
        final JournalHeader[] header = new JournalHeader[1];
        pass(JournalQuery.ALL, (record) ->
        {
            header[0] = record.header();
        }).run(true);
        if (null == header[0]) // live, and the writer has not written it yet
        {
            throw new JournalCorruptException(MISSING_HEADER, directory, -1, NO_RECORD, -1,
                "no header block written yet", null);
        }
        return header[0];
    }

    /**
     * Deliver every record.
     *
     * @param handler receives the records.
     * @return records delivered.
     * @throws JournalCorruptException at the first damage.
     */
    public long read(final JournalRecordHandler handler)
    {
        return read(JournalQuery.ALL, handler);
    }

    /**
     * Deliver the records a query matches, up to its limit.
     *
     * @param query   filter.
     * @param handler receives the records.
     * @return records delivered.
     * @throws JournalCorruptException at the first damage before the limit is reached.
     */
    public long read(final JournalQuery query, final JournalRecordHandler handler)
    {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(handler, "handler");
        final ReadPass pass = pass(query, handler);
        pass.run(false);
        return pass.delivered();
    }

    /**
     * Deliver the intact prefix of the journal and report where it stopped; never throws
     * {@link JournalCorruptException}. Damage after the END block that closes the journal (junk after it, in its cycle
     * file or in a cycle file after it) stops reading only once every record has been delivered:
     * {@link SalvageResult#closed()} then says the journal is whole.
     *
     * @param handler receives the records.
     * @return how far reading got and the damage that stopped it, if any.
     */
    public SalvageResult salvage(final JournalRecordHandler handler)
    {
        Objects.requireNonNull(handler, "handler");
        final ReadPass pass = pass(JournalQuery.ALL, handler);
        try
        {
            pass.run(false);
            return new SalvageResult(pass.delivered(), pass.blocks(), pass.ended(), null);
        }
        catch (final JournalCorruptException ex)
        {
            return new SalvageResult(pass.delivered(), pass.blocks(), pass.ended(), ex);
        }
    }

    private ReadPass pass(final JournalQuery query, final JournalRecordHandler handler)
    {
        return new ReadPass(directory, live, required, query, handler);
    }

    /**
     * Builder of a reader that requires an identity.
     */
    public static final class Builder
    {
        private final Path directory;
        private String requiredModelId;
        private String requiredEngineVersion;
        private Long requiredConfigHash;
        private int requiredShardId = -1;
        private int requiredShardCount = -1;
        private boolean live;

        private Builder(final Path directory)
        {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * @param modelId model the journal must belong to.
         * @return this.
         */
        public Builder requireModelId(final String modelId)
        {
            this.requiredModelId = Objects.requireNonNull(modelId, "modelId");
            return this;
        }

        /**
         * @param engineVersion engine version the journal must have been written by.
         * @return this.
         */
        public Builder requireEngineVersion(final String engineVersion)
        {
            this.requiredEngineVersion = Objects.requireNonNull(engineVersion, "engineVersion");
            return this;
        }

        /**
         * @param configHash configuration identity the journal must carry.
         * @return this.
         */
        public Builder requireConfigHash(final long configHash)
        {
            this.requiredConfigHash = configHash;
            return this;
        }

        /**
         * @param shardId shard the journal must belong to.
         * @return this.
         */
        public Builder requireShardId(final int shardId)
        {
            if (shardId < 0)
            {
                throw new IllegalArgumentException("shardId=" + shardId);
            }
            this.requiredShardId = shardId;
            return this;
        }

        /**
         * @param shardCount number of shards the journal's engine must have had.
         * @return this.
         */
        public Builder requireShardCount(final int shardCount)
        {
            if (shardCount < 1)
            {
                throw new IllegalArgumentException("shardCount=" + shardCount);
            }
            this.requiredShardCount = shardCount;
            return this;
        }

        /**
         * @param live true to read a journal its writer may still be appending to: the first unwritten or incomplete
         *             document, or one not yet wholly in the file, ends each cycle file instead of being reported as
         *             damage (which also stops detecting truncation, junk after the data and a journal without its END
         *             block), and a directory, cycle file or header block the writer has not written yet reads as a
         *             journal without records. A cycle file gone between the listing of the directory and its opening
         *             (retention deleted it) is skipped: the journal then starts later, as when retention deleted it
         *             before the listing, or, after cycle files read, has a gap, reported as
         *             {@link JournalCorruptException.Reason#BLOCK_SEQUENCE} naming the file deleted.
         * @return this.
         */
        public Builder live(final boolean live)
        {
            this.live = live;
            return this;
        }

        /**
         * @return the reader.
         */
        public JournalReader build()
        {
            return new JournalReader(this);
        }
    }
}
