/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.file.Path;

/**
 * A journal cannot be read past a position: damaged, truncated, of another format version or of another run.
 * Carries where (cycle file, Chronicle document index within the cycle, record index within the block, byte offset
 * of the document) and what ({@link Reason}). The record index is known for a malformed record in a block whose
 * checksum holds, for a block cut short by the end of its file (the record the cut falls in) and for a block whose
 * checksum fails because of one damaged byte (the record holding it); the message names only the parts of the
 * position that are known.
 */
public final class JournalCorruptException extends JournalException
{
    private static final long serialVersionUID = 1L;

    /**
     * What is wrong.
     */
    public enum Reason
    {
        /**
         * The journal directory is missing or holds no cycle file, or a cycle file does not start with a header block.
         */
        MISSING_HEADER,
        /** The first block is not a Concurrengine journal header (wrong magic). */
        BAD_MAGIC,
        /** The journal was written in a format version this reader does not read. */
        UNSUPPORTED_VERSION,
        /** The journal belongs to another engine, model, configuration or shard than required. */
        IDENTITY_MISMATCH,
        /** The cycle file ends inside a document header or body. */
        TRUNCATED,
        /** A document was never completed (the writer died mid-append). */
        INCOMPLETE_DOCUMENT,
        /** A block's CRC32C does not match its bytes. */
        CHECKSUM_MISMATCH,
        /** A document is not a well-formed journal block, or a record inside a block is malformed. */
        MALFORMED_BLOCK,
        /** Blocks are missing, repeated or out of order. */
        BLOCK_SEQUENCE,
        /** Non-zero bytes follow the end of the data of a cycle file. */
        TRAILING_DATA,
        /**
         * The journal (format version 4 or later) ends without its END block: the writer did not close it (killed or
         * failed) or its last blocks or cycle files are missing. Every record before was intact and delivered.
         */
        UNCLOSED,
        /** The file could not be read. */
        IO_ERROR
    }

    /** Record index used when the failure is not inside a block's records, or where inside them is not known. */
    public static final int NO_RECORD = -1;

    private final Reason reason;
    private final transient Path file;
    private final long documentIndex;
    private final int recordIndex;
    private final long filePosition;
    private final String detail;

    /**
     * @param reason        what is wrong.
     * @param file          cycle file, or the directory if no file is involved.
     * @param documentIndex data document index within the cycle file (0-based), or -1.
     * @param recordIndex   record index within the block, or {@link #NO_RECORD}.
     * @param filePosition  byte offset of the document header in the file, or -1.
     * @param detail        human-readable description with {@code name=value} details.
     * @param cause         underlying failure or null.
     */
    public JournalCorruptException(
        final Reason reason,
        final Path file,
        final long documentIndex,
        final int recordIndex,
        final long filePosition,
        final String detail,
        final Throwable cause)
    {
        super("journal corrupt: " + reason + ": " + detail + " " +
            position(file, documentIndex, recordIndex, filePosition), cause);
        this.reason = reason;
        this.file = file;
        this.documentIndex = documentIndex;
        this.recordIndex = recordIndex;
        this.filePosition = filePosition;
        this.detail = detail;
    }

    /**
     * @return what is wrong.
     */
    public Reason reason()
    {
        return reason;
    }

    /**
     * @return cycle file (or directory) where reading stopped.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return data document index within the cycle file, or -1.
     */
    public long documentIndex()
    {
        return documentIndex;
    }

    /**
     * @return record index within the block, or {@link #NO_RECORD}.
     */
    public int recordIndex()
    {
        return recordIndex;
    }

    /**
     * @return byte offset of the document header in the cycle file, or -1.
     */
    public long filePosition()
    {
        return filePosition;
    }

    /**
     * @return where, as {@code name=value} pairs: the file, then the document, record and file position where known.
     */
    public String position()
    {
        return position(file, documentIndex, recordIndex, filePosition);
    }

    private static String position(
        final Path file, final long documentIndex, final int recordIndex, final long filePosition)
    {
        final StringBuilder builder = new StringBuilder(128).append("file=").append(file);
        if (documentIndex >= 0)
        {
            builder.append(" document=").append(documentIndex);
        }
        if (recordIndex >= 0)
        {
            builder.append(" record=").append(recordIndex);
        }
        if (filePosition >= 0)
        {
            builder.append(" filePosition=").append(filePosition);
        }
        return builder.toString();
    }

    /**
     * @return a few words for a person: "journal not closed" for {@link Reason#UNCLOSED} (every block is intact, but
     * the run did not close the journal or its tail is gone), "journal of another format version" for
     * {@link Reason#UNSUPPORTED_VERSION} (another release wrote it, or a damaged version byte: the detail says which
     * it can tell), else "journal damaged".
     */
    public String headline()
    {
        return switch (reason)
        {
            case UNCLOSED -> "journal not closed";
            case UNSUPPORTED_VERSION -> "journal of another format version";
            default -> "journal damaged";
        };
    }

    /**
     * @return the description without the position.
     */
    public String detail()
    {
        return detail;
    }
}
