/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;
import static io.concurrengine.journal.JournalDescriptor.*;

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
    private final String requiredModelId;
    private final String requiredEngineVersion;
    private final Long requiredConfigHash;
    private final int requiredShardId;
    private final int requiredShardCount;
    private final boolean live;

    private JournalReader(final Builder builder)
    {
        directory = builder.directory;
        requiredModelId = builder.requiredModelId;
        requiredEngineVersion = builder.requiredEngineVersion;
        requiredConfigHash = builder.requiredConfigHash;
        requiredShardId = builder.requiredShardId;
        requiredShardCount = builder.requiredShardCount;
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
        new Pass(JournalQuery.ALL, (record) ->
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
        final Pass pass = new Pass(query, handler);
        pass.run(false);
        return pass.delivered;
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
        final Pass pass = new Pass(JournalQuery.ALL, handler);
        try
        {
            pass.run(false);
            return new SalvageResult(pass.delivered, pass.blocks, pass.ended, null);
        }
        catch (final JournalCorruptException ex)
        {
            return new SalvageResult(pass.delivered, pass.blocks, pass.ended, ex);
        }
    }

    /**
     * One walk over the directory.
     */
    private final class Pass implements BlockDecoder.Sink
    {
        private final JournalQuery query;
        private final JournalRecordHandler handler;
        private final CycleFileScanner scanner = new CycleFileScanner();
        private final BlockDecoder decoder = new BlockDecoder();
        private final BlockVerifier verifier = new BlockVerifier(scanner, decoder);
        private final long limit;
        private JournalHeader firstHeader;
        private long expectedBlock = -1;
        private long firstBlock = -1;
        private long delivered;
        private long blocks;
        private long dataRecords;
        private int firstVersion;
        private boolean stopped;
        private boolean ended;

        Pass(final JournalQuery query, final JournalRecordHandler handler)
        {
            this.query = query;
            this.handler = handler;
            this.limit = query.limit();
            decoder.attach(scanner);
            scanner.live(live);
        }

        @Override
        public boolean accept(final JournalRecord record)
        {
            if (query.matches(record))
            {
                handler.onRecord(record);
                if (++delivered >= limit || !handler.wantsMore())
                {
                    stopped = true;
                    return false;
                }
            }
            return true;
        }

        void run(final boolean headerOnly)
        {
            final List<Path> files;
            try
            {
                files = JournalFiles.cycleFiles(directory);
            }
            catch (final NoSuchFileException ex)
            {
                if (live)
                {
                    return; // the writer has not created it yet
                }
                throw new JournalCorruptException(MISSING_HEADER, directory, -1, NO_RECORD, -1,
                    "shard directory missing: " + directory, ex);
            }
            catch (final NotDirectoryException ex)
            {
                throw new JournalCorruptException(MISSING_HEADER, directory, -1, NO_RECORD, -1,
                    "not a directory: " + directory, ex);
            }
            catch (final IOException ex)
            {
                throw new JournalCorruptException(IO_ERROR, directory, -1, NO_RECORD, -1,
                    "cannot list directory: " + (null != ex.getMessage() ? ex.getMessage() : directory + ": I/O error"),
                    ex);
            }
            if (files.isEmpty())
            {
                if (live)
                {
                    return; // the writer has not created its first cycle file yet
                }
                throw new JournalCorruptException(MISSING_HEADER, directory, -1, NO_RECORD, -1,
                    "no cycle files (*" + JournalFiles.CYCLE_FILE_SUFFIX + ") in the journal directory", null);
            }
            try (CycleFileScanner scanner = this.scanner)
            {
                for (int i = 0; i < files.size(); i++)
                {
                    scanner.open(files.get(i));
                    if (!readCycle(headerOnly, i == files.size() - 1) || stopped)
                    {
                        return;
                    }
                    if (scanner.unwrittenDocument() >= 0)
                    {
                        throw unwrittenDocument(i == files.size() - 1);
                    }
                }
                if (!ended && !live && firstVersion >= END_BLOCK_VERSION)
                {
                    throw new JournalCorruptException(UNCLOSED, scanner.file(), scanner.documentIndex() + 1, NO_RECORD,
                        scanner.endOfData(), "journal ends after block " + (expectedBlock - 1) + " without the end " +
                        "block its writer appends on close: the run was killed or failed before closing it, or the " +
                        "journal's last blocks or cycle files are missing", null);
                }
            }
        }

        /**
         * A 0 header followed by data ended the cycle file: the document a writer killed mid-append leaves (Chronicle
         * writes the header once the document is complete), unless the journal had ended or a cycle file follows.
         */
        private JournalCorruptException unwrittenDocument(final boolean lastFile)
        {
            if (ended || !lastFile)
            {
                return scanner.strayData();
            }
            final long at = scanner.unwrittenDocument();
            final String detail = "a document was being appended at byte " + at + " when its writer stopped: its " +
                "header, which Chronicle writes once the document is complete, is still 0 and " +
                scanner.strayData().filePosition() + " is the first of its bytes written";
            if (firstVersion < END_BLOCK_VERSION)
            {
                return new JournalCorruptException(INCOMPLETE_DOCUMENT, scanner.file(), scanner.documentIndex() + 1,
                    NO_RECORD, at, detail, null);
            }
            return new JournalCorruptException(UNCLOSED, scanner.file(), scanner.documentIndex() + 1, NO_RECORD, at,
                "journal ends after block " + (expectedBlock - 1) + " without the end block its writer appends on " +
                "close: " + detail + " (the run was killed mid-append, or junk follows its data)", null);
        }

        /**
         * @param lastFile true for the journal's last cycle file.
         */
        private boolean readCycle(final boolean headerOnly, final boolean lastFile)
        {
            final CycleFileScanner scanner = this.scanner;
            boolean first = true;
            while (scanner.next())
            {
                if (scanner.isCut())
                {
                    throw verifier.truncated();
                }
                if (ended)
                {
                    throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "document after the journal's end block " +
                        "(block " + (expectedBlock - 1) + ")");
                }
                if (first)
                {
                    checkHeaderMagic();
                }
                final byte kind = verifier.verify();
                checkBlockIndex(verifier.blockIndex());
                if (first)
                {
                    if (BLOCK_KIND_HEADER != kind)
                    {
                        throw scanner.documentCorrupt(MISSING_HEADER, NO_RECORD, "cycle file does not start with a header block");
                    }
                    final JournalHeader header = HeaderCodec.decode(
                        scanner.buffer(), scanner.documentOffset(), scanner.documentLength());
                    if (null == header)
                    {
                        throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "header block fields are malformed");
                    }
                    checkIdentity(header);
                    blocks++;
                    if (!query.matchesJournal(header) || !accept(decoder.headerRecord(header)) || headerOnly)
                    {
                        return false;
                    }
                    first = false;
                    continue;
                }
                if (BLOCK_KIND_END == kind)
                {
                    checkEnd();
                    blocks++;
                    ended = true;
                    continue;
                }
                if (BLOCK_KIND_DATA != kind)
                {
                    throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "header block after the start of a cycle file");
                }
                dataRecords += scanner.buffer().getInt(scanner.documentOffset() + RECORD_COUNT_OFFSET);
                final boolean more = decoder.decode(this);
                blocks++;
                if (!more)
                {
                    return false;
                }
            }
            if (first)
            {
                final JournalCorruptException unstarted = scanner.unstarted();
                if (live && lastFile && !ended)
                {
                    return true; // the writer is writing this file's first document, the header (of its first file too)
                }
                if (lastFile && null != firstHeader && !ended)
                {
                    // the writer rolled to this file and stopped before its first document, the header, was done
                    if (firstVersion >= END_BLOCK_VERSION)
                    {
                        final long unwritten = scanner.unwrittenDocument();
                        throw new JournalCorruptException(UNCLOSED, scanner.file(), 0, NO_RECORD,
                            unwritten >= 0 ? unwritten : scanner.endOfData(), "journal ends after block " +
                            (expectedBlock - 1) + " without the end block its writer appends on close: its last cycle " +
                            "file holds no header block" + (unwritten >= 0 ? ", whose document was being appended at " +
                            "byte " + unwritten + " when its writer stopped" : "") + unstartedDetail(unstarted) +
                            " (the run was killed as it rolled to that file)", null);
                    }
                }
                if (null != unstarted)
                {
                    throw unstarted; // not the last cycle file of a journal that was being written: damage
                }
                throw new JournalCorruptException(MISSING_HEADER, scanner.file(), 0, NO_RECORD, -1,
                    "cycle file holds no header block", null);
            }
            return true;
        }

        /**
         * @param unstarted {@link CycleFileScanner#unstarted()}.
         * @return what the cycle file holds instead of a header block, when Chronicle had not started it.
         */
        private String unstartedDetail(final JournalCorruptException unstarted)
        {
            if (null == unstarted)
            {
                return "";
            }
            return TRUNCATED == unstarted.reason() ? ", and is empty" : ", and Chronicle had not finished its store " +
                "header there (its document header is still 0x80000000, not complete)";
        }

        /**
         * An END block has no records and its total must be the records of the data blocks, when reading started at
         * block 0 (retention may have deleted the first cycle files).
         */
        private void checkEnd()
        {
            final UnsafeBuffer buffer = scanner.buffer();
            final int offset = scanner.documentOffset();
            if (scanner.documentLength() != END_BLOCK_LENGTH || 0 != buffer.getInt(offset + RECORD_COUNT_OFFSET))
            {
                throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "end block of length=" + scanner.documentLength() +
                    " recordCount=" + buffer.getInt(offset + RECORD_COUNT_OFFSET) + " (expected length=" +
                    END_BLOCK_LENGTH + " recordCount=0)");
            }
            final long total = buffer.getLong(offset + TOTAL_RECORDS_OFFSET);
            if (0 == firstBlock && total != dataRecords)
            {
                throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "end block counts totalRecords=" + total +
                    " but the journal's data blocks hold " + dataRecords);
            }
        }

        private void checkHeaderMagic()
        {
            final UnsafeBuffer buffer = scanner.buffer();
            final int offset = scanner.documentOffset();
            final int length = scanner.documentLength();
            if (length < HEADER_FIXED_LENGTH || BLOCK_MAGIC != buffer.getShort(offset + BLOCK_MAGIC_OFFSET) ||
                JOURNAL_MAGIC != buffer.getLong(offset + MAGIC_OFFSET))
            {
                if (verifier.isDamagedByteIn(BLOCK_MAGIC_OFFSET, BLOCK_MAGIC_LENGTH + MAGIC_LENGTH))
                {
                    return; // a journal header with one damaged byte: verify() reports it
                }
                throw scanner.documentCorrupt(BAD_MAGIC, NO_RECORD, "first document of the cycle file is not a " +
                    "Concurrengine journal header (length=" + length + ")");
            }
            final int version = buffer.getInt(offset + FORMAT_VERSION_OFFSET);
            if (!BlockVerifier.isReadableVersion(version))
            {
                if (verifier.isDamagedByteIn(FORMAT_VERSION_OFFSET, FORMAT_VERSION_LENGTH))
                {
                    return; // one damaged byte: verify() reports it
                }
                throw verifier.unsupportedVersion(version);
            }
            if (0 == firstVersion)
            {
                firstVersion = version;
            }
        }

        private void checkBlockIndex(final long blockIndex)
        {
            if (expectedBlock >= 0 && blockIndex != expectedBlock)
            {
                throw scanner.documentCorrupt(BLOCK_SEQUENCE, NO_RECORD, "block index found=" + blockIndex + " expected=" +
                    expectedBlock + (blockIndex > expectedBlock ? " (blocks missing)" : " (block repeated)"));
            }
            if (firstBlock < 0)
            {
                firstBlock = blockIndex;
            }
            expectedBlock = blockIndex + 1;
        }

        private void checkIdentity(final JournalHeader header)
        {
            if (null != firstHeader)
            {
                if (!firstHeader.equals(header))
                {
                    throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "cycle file header " + header +
                        " differs from the journal's first header " + firstHeader);
                }
                return;
            }
            if (null != requiredModelId && !requiredModelId.equals(header.modelId()))
            {
                throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another model: modelId found=" +
                    header.modelId() + " expected=" + requiredModelId);
            }
            if (null != requiredEngineVersion && !requiredEngineVersion.equals(header.engineVersion()))
            {
                throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another engine: engineVersion found=" +
                    header.engineVersion() + " expected=" + requiredEngineVersion);
            }
            if (null != requiredConfigHash && requiredConfigHash != header.configHash())
            {
                throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another configuration: configHash " +
                    "found=0x" + Long.toHexString(header.configHash()) + " expected=0x" +
                    Long.toHexString(requiredConfigHash));
            }
            if (requiredShardId >= 0 && requiredShardId != header.shardId())
            {
                throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of another shard: shardId found=" +
                    header.shardId() + " expected=" + requiredShardId);
            }
            if (requiredShardCount > 0 && requiredShardCount != header.shardCount())
            {
                throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD, "journal of an engine with another shard " +
                    "count: shardCount found=" + header.shardCount() + " expected=" + requiredShardCount);
            }
            firstHeader = header;
        }
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
         *             journal without records.
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
