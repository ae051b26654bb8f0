/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;
import static io.concurrengine.journal.JournalDescriptor.*;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * One walk of a {@link JournalReader} over a journal directory: lists its cycle files, walks each one's documents
 * ({@link CycleFileScanner}), verifies each block ({@link BlockVerifier}), checks what no single block can (each cycle
 * file starts with a header of the journal's identity, block indexes run on without a gap, nothing follows the END
 * block, the END block counts the records, a journal of format version 4 or later ends with one) and delivers the
 * records the query matches, decoded by {@link BlockDecoder}, to the handler until it or the query's limit stops.
 * Counts what it delivered for {@link JournalReader#salvage(JournalRecordHandler)}. Not threadsafe; one use.
 */
final class ReadPass implements BlockDecoder.Sink
{
    private final Path directory;
    private final boolean live;
    private final RequiredIdentity required;
    private final JournalQuery query;
    private final JournalRecordHandler handler;
    private final CycleFileScanner scanner = new CycleFileScanner();
    private final BlockDecoder decoder = new BlockDecoder();
    private final BlockVerifier verifier = new BlockVerifier(scanner, decoder);
    private final long limit;
    private JournalHeader firstHeader;
    private long expectedBlock = -1;
    private long firstBlock = -1;
    /** The last listed cycle file live reading found gone and skipped, or null. */
    private Path deleted;
    private long delivered;
    private long blocks;
    private long dataRecords;
    private int firstVersion;
    private boolean stopped;
    private boolean ended;

    /**
     * @param directory journal directory of one shard.
     * @param live      see {@link JournalReader.Builder#live(boolean)}.
     * @param required  identity the journal's first header must have.
     * @param query     records to deliver, and how many.
     * @param handler   receives them.
     */
    ReadPass(
        final Path directory,
        final boolean live,
        final RequiredIdentity required,
        final JournalQuery query,
        final JournalRecordHandler handler)
    {
        this.directory = directory;
        this.live = live;
        this.required = required;
        this.query = query;
        this.handler = handler;
        this.limit = query.limit();
        decoder.attach(scanner);
        scanner.live(live);
    }

    /**
     * @return records delivered so far.
     */
    long delivered()
    {
        return delivered;
    }

    /**
     * @return blocks read whole so far.
     */
    long blocks()
    {
        return blocks;
    }

    /**
     * @return true if the walk got as far as the journal's END block.
     */
    boolean ended()
    {
        return ended;
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

    /**
     * Walk the journal, up to its first header only if {@code headerOnly}.
     *
     * @throws JournalCorruptException at the first damage.
     */
    void run(final boolean headerOnly)
    {
        run(headerOnly, cycleFiles());
    }

    /**
     * Walk the cycle files listed, in order: while live, a listed file gone before it was opened is skipped, as
     * retention deletes the oldest cycle files while the journal is written (the journal's start is then gone, as when
     * retention deleted it before the listing).
     *
     * @param headerOnly true to stop after the first header.
     * @param files      the journal's cycle files as listed, oldest first.
     * @throws JournalCorruptException at the first damage.
     */
    void run(final boolean headerOnly, final List<Path> files)
    {
        if (files.isEmpty())
        {
            if (live)
            {
                return; // the writer has not created the directory or its first cycle file yet
            }
            throw new JournalCorruptException(MISSING_HEADER, directory, -1, NO_RECORD, -1,
                "no cycle files (*" + JournalFiles.CYCLE_FILE_SUFFIX + ") in the journal directory" +
                JournalFiles.notCycleFiles(directory) + journalsBelow(), null);
        }
        try (CycleFileScanner scanner = this.scanner)
        {
            for (int i = 0; i < files.size(); i++)
            {
                if (!open(files.get(i)))
                {
                    continue;
                }
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
                    "journal's last blocks or cycle files are missing" + JournalFiles.notCycleFiles(directory), null);
            }
        }
    }

    /**
     * @param file cycle file listed.
     * @return false if reading live and the file is gone: retention deleted it after the directory was listed. A
     * symbolic link left to a file no longer there is reported, as outside live reading.
     */
    private boolean open(final Path file)
    {
        try
        {
            scanner.open(file);
            return true;
        }
        catch (final JournalCorruptException ex)
        {
            if (live && ex.getCause() instanceof NoSuchFileException && !Files.exists(file, NOFOLLOW_LINKS))
            {
                deleted = file;
                return false;
            }
            throw ex;
        }
    }

    /**
     * @return for a directory without cycle files whose sub-directories hold some (a run's journal root, given where
     * one shard's journal was wanted), a clause naming the first of them; otherwise, or if it cannot be listed, "".
     */
    private String journalsBelow()
    {
        final List<String> journals = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory))
        {
            for (final Path child : children)
            {
                if (Files.isDirectory(child) && !JournalFiles.cycleFiles(child).isEmpty())
                {
                    journals.add(child.getFileName().toString());
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return ""; // the report without the clause: the directory changed or cannot be read
        }
        if (journals.isEmpty())
        {
            return "";
        }
        Collections.sort(journals);
        final int named = Math.min(3, journals.size());
        return ", but its sub-directories " + String.join(", ", journals.subList(0, named)) +
            (journals.size() > named ? " and " + (journals.size() - named) + " more" : "") + " hold journals: a " +
            "directory of one journal each (a run's journal root) is read one sub-directory at a time";
    }

    /**
     * @return the journal's cycle files in order; none when reading live and the writer has not created the directory.
     */
    private List<Path> cycleFiles()
    {
        try
        {
            return JournalFiles.cycleFiles(directory);
        }
        catch (final NoSuchFileException ex)
        {
            if (live)
            {
                return List.of(); // the writer has not created it yet
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
    }

    /**
     * A 0 header followed by data ended the cycle file: the document a writer killed mid-append leaves (Chronicle
     * writes the header once the document is complete), unless the journal had ended or a cycle file follows, or an
     * intact block follows the zeros: a hole in the file.
     */
    private JournalCorruptException unwrittenDocument(final boolean lastFile)
    {
        if (!ended && null != scanner.hole())
        {
            return scanner.hole();
        }
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
     * @return false if reading stops: the handler or the query's limit stopped it, or the query does not match the
     * journal, or {@code headerOnly} and the header was read.
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
                if (first)
                {
                    checkIdentityAfterEnd();
                }
                throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "document after the journal's end block " +
                    "(block " + (expectedBlock - 1) + ")");
            }
            if (first)
            {
                checkHeaderMagic();
            }
            final byte kind = verifier.verify();
            if (first)
            {
                if (!acceptHeaderBlock(kind) || headerOnly)
                {
                    return false;
                }
                first = false;
                continue;
            }
            checkBlockIndex(verifier.blockIndex());
            if (!readBlock(kind))
            {
                return false;
            }
        }
        if (first)
        {
            checkCycleWithoutHeader(lastFile);
        }
        return true;
    }

    /**
     * Check a cycle file's first block, verified, as its header block and deliver it as a HEADER record if the query
     * matches the journal. Its identity is checked before its block index, so that a cycle file of another shard or
     * run is named as such rather than as blocks repeated or missing.
     *
     * @return false if the query does not match the journal or the sink stopped.
     */
    private boolean acceptHeaderBlock(final byte kind)
    {
        if (BLOCK_KIND_HEADER != kind)
        {
            checkBlockIndex(verifier.blockIndex());
            throw scanner.documentCorrupt(MISSING_HEADER, NO_RECORD, "cycle file does not start with a header block");
        }
        final JournalHeader header = HeaderCodec.decode(
            scanner.buffer(), scanner.documentOffset(), scanner.documentLength());
        if (null == header)
        {
            checkBlockIndex(verifier.blockIndex());
            throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "header block fields are malformed");
        }
        checkIdentity(header);
        checkBlockIndex(verifier.blockIndex());
        blocks++;
        return query.matchesJournal(header) && accept(decoder.headerRecord(header));
    }

    /**
     * A cycle file after the journal's END block: one of another shard or run copied in is named by its header's
     * identity, as it is before the END block ({@link #acceptHeaderBlock}), when its first document is an intact
     * header block; else nothing is thrown here and the caller reports a document after the END block. Rare path.
     */
    private void checkIdentityAfterEnd()
    {
        final JournalHeader header;
        try
        {
            checkHeaderMagic();
            if (BLOCK_KIND_HEADER != verifier.verify())
            {
                return;
            }
            header = HeaderCodec.decode(scanner.buffer(), scanner.documentOffset(), scanner.documentLength());
        }
        catch (final JournalCorruptException ex)
        {
            return; // not an intact header block: a document after the END block is what there is to say
        }
        if (null != header)
        {
            checkIdentity(header);
        }
    }

    /**
     * Read a verified block after a cycle file's header block: the END block, or a data block whose records are
     * decoded and delivered.
     *
     * @return false if the sink stopped.
     */
    private boolean readBlock(final byte kind)
    {
        if (BLOCK_KIND_END == kind)
        {
            checkEnd();
            blocks++;
            ended = true;
            return true;
        }
        if (BLOCK_KIND_DATA != kind)
        {
            throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "header block after the start of a cycle file");
        }
        dataRecords += scanner.buffer().getInt(scanner.documentOffset() + RECORD_COUNT_OFFSET);
        final boolean more = decoder.decode(this);
        blocks++;
        return more;
    }

    /**
     * A cycle file ended without a header block: the one the writer is writing while live, the one a writer killed as
     * it rolled to the journal's last file left (UNCLOSED from format version 4), else damage.
     */
    private void checkCycleWithoutHeader(final boolean lastFile)
    {
        final JournalCorruptException unstarted = scanner.unstarted();
        if (live && lastFile && !ended)
        {
            return; // the writer is writing this file's first document, the header (of its first file too)
        }
        if (!ended && null != scanner.hole())
        {
            throw scanner.hole(); // zeros where its first documents should be, then an intact block
        }
        if (lastFile && null != firstHeader && !ended && firstVersion >= END_BLOCK_VERSION)
        {
            // the writer rolled to this file and stopped before its first document, the header, was done
            final long unwritten = scanner.unwrittenDocument();
            throw new JournalCorruptException(UNCLOSED, scanner.file(), 0, NO_RECORD,
                unwritten >= 0 ? unwritten : scanner.endOfData(), "journal ends after block " +
                (expectedBlock - 1) + " without the end block its writer appends on close: its last cycle " +
                "file holds no header block" + (unwritten >= 0 ? ", whose document was being appended at " +
                "byte " + unwritten + " when its writer stopped" : "") + unstartedDetail(unstarted) +
                " (the run was killed as it rolled to that file)", null);
        }
        if (null != unstarted)
        {
            throw unstarted; // not the last cycle file of a journal that was being written: damage
        }
        throw new JournalCorruptException(MISSING_HEADER, scanner.file(), 0, NO_RECORD, -1,
            "cycle file holds no header block", null);
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
            throw scanner.documentCorrupt(MALFORMED_BLOCK, NO_RECORD, "end block of length=" +
                scanner.documentLength() + " recordCount=" + buffer.getInt(offset + RECORD_COUNT_OFFSET) +
                " (expected length=" + END_BLOCK_LENGTH + " recordCount=0)");
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
        // a later cycle file's header of another version, even one read here, is damage inside the journal
        if (!BlockVerifier.isReadableVersion(version) || (0 != firstVersion && version != firstVersion))
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
            verifier.journalVersion(version);
        }
    }

    private void checkBlockIndex(final long blockIndex)
    {
        if (expectedBlock >= 0 && blockIndex != expectedBlock)
        {
            throw scanner.documentCorrupt(BLOCK_SEQUENCE, NO_RECORD, "block index found=" + blockIndex + " expected=" +
                expectedBlock + (blockIndex <= expectedBlock ? " (block repeated)" : null == deleted ?
                " (blocks missing" + JournalFiles.notCycleFiles(directory) + ")" : " (blocks missing: cycle file " +
                deleted.getFileName() + " was deleted while the journal was read live, as retention deletes the " +
                "oldest cycle files, after the ones before it were read)"));
        }
        if (firstBlock < 0)
        {
            firstBlock = blockIndex;
        }
        expectedBlock = blockIndex + 1;
    }

    /**
     * @return each field in which {@code found} differs from {@code expected}, as {@code name found=X expected=Y},
     * comma-separated, in the header's order; the configuration hash in hex, as the identity checks print it.
     */
    static String differences(final JournalHeader found, final JournalHeader expected)
    {
        final StringBuilder text = new StringBuilder();
        difference(text, "engineVersion", found.engineVersion(), expected.engineVersion());
        difference(text, "modelId", found.modelId(), expected.modelId());
        difference(text, "configHash", "0x" + Long.toHexString(found.configHash()),
            "0x" + Long.toHexString(expected.configHash()));
        difference(text, "shardId", found.shardId(), expected.shardId());
        difference(text, "shardCount", found.shardCount(), expected.shardCount());
        difference(text, "timeUnit", found.timeUnit(), expected.timeUnit());
        difference(text, "startTime", found.startTime(), expected.startTime());
        difference(text, "seed", found.seed(), expected.seed());
        return text.toString();
    }

    private static void difference(final StringBuilder text, final String name, final Object found,
        final Object expected)
    {
        if (!found.equals(expected))
        {
            text.append(text.length() > 0 ? ", " : "").append(name).append(" found=").append(found)
                .append(" expected=").append(expected);
        }
    }

    /**
     * The first header must have the required identity, every later cycle file's header the first one's.
     */
    private void checkIdentity(final JournalHeader header)
    {
        if (null != firstHeader)
        {
            if (!firstHeader.equals(header))
            {
                throw scanner.documentCorrupt(IDENTITY_MISMATCH, NO_RECORD,
                    "cycle file header differs from the journal's first header: " + differences(header, firstHeader));
            }
            return;
        }
        required.check(header, scanner);
        firstHeader = header;
    }
}
