/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;
import static io.concurrengine.journal.JournalDescriptor.*;

/**
 * Checks that the current document of a {@link CycleFileScanner} is a journal block (length, format version, checksum,
 * magic, kind) before {@link BlockDecoder} decodes it, and reports a document that is not: a block whose checksum
 * fails names the byte, and the record holding it, when one damaged byte explains the mismatch; a block cut short by
 * the end of its file names the record the cut falls in; an unreadable magic or format version is told apart from
 * damage. Apart from {@link #verify()}'s checksum every path here is rare, and some decode the block again (never
 * delivering its records) through the decoder. Not threadsafe.
 */
final class BlockVerifier
{
    /** Decodes a block without delivering its records. */
    private static final BlockDecoder.Sink IGNORE = (record) -> true;

    private final CRC32C crc = new CRC32C();
    private final CycleFileScanner scanner;
    private final BlockDecoder decoder;
    private int locateIndex;
    private int locatedRecord;
    private int journalVersion;

    /** Stops at the first record whose bytes end after {@link #locateIndex}, which it names. */
    private final BlockDecoder.Sink locator;

    /**
     * @param scanner source of every document verified.
     * @param decoder attached to the same scanner: decodes a block again to name the record that holds its damage.
     */
    BlockVerifier(final CycleFileScanner scanner, final BlockDecoder decoder)
    {
        this.scanner = scanner;
        this.decoder = decoder;
        locator = (record) ->
        {
            if (decoder.cursor() > locateIndex)
            {
                locatedRecord = record.recordIndex;
                return false;
            }
            return true;
        };
    }

    /**
     * Check framing, version and checksum of the scanner's current document.
     *
     * @return the block kind.
     * @throws JournalCorruptException if the document is not an intact block of a version this reader reads.
     */
    byte verify()
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final int length = scanner.documentLength();
        if (length < BLOCK_HEADER_LENGTH)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "document of " + length +
                " bytes is shorter than a block header (" + BLOCK_HEADER_LENGTH + ")");
        }
        final short magic = buffer.getShort(offset + BLOCK_MAGIC_OFFSET);
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (BLOCK_MAGIC == magic && !isReadableVersion(version) && !isDamagedByteIn(VERSION_OFFSET, VERSION_LENGTH))
        {
            throw unsupportedVersion(version);
        }
        final int stored = buffer.getInt(offset + CHECKSUM_OFFSET);
        final int computed = Checksum.compute(crc, scanner.view(), offset, length);
        if (stored != computed)
        {
            throw checksumFailsSlowPath(magic, stored, computed, length);
        }
        if (BLOCK_MAGIC != magic)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "blockMagic=0x" + Integer.toHexString(magic & 0xFFFF));
        }
        if (version != journalVersion && 0 != journalVersion)
        {
            // a version read here, but not the journal's: its writer wrote one version into every block
            throw unsupportedVersion(version);
        }
        final int declared = buffer.getInt(offset + BLOCK_LENGTH_OFFSET);
        if (declared != length)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "block length field=" + declared + " document length=" + length);
        }
        final byte kind = buffer.getByte(offset + KIND_OFFSET);
        if (BLOCK_KIND_HEADER != kind && BLOCK_KIND_DATA != kind && BLOCK_KIND_END != kind)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "block kind=" + kind);
        }
        return kind;
    }

    /**
     * A document whose checksum fails: not a journal block when its magic is wrong and no one damaged byte in the
     * magic explains the mismatch, else a damaged block.
     */
    private JournalCorruptException checksumFailsSlowPath(
        final short magic, final int stored, final int computed, final int length)
    {
        if (BLOCK_MAGIC != magic &&
            !isExplainedByOneByteIn(stored, computed, length, BLOCK_MAGIC_OFFSET, BLOCK_MAGIC_LENGTH))
        {
            return corrupt(MALFORMED_BLOCK, NO_RECORD, "document is not a journal block (blockMagic=0x" +
                Integer.toHexString(magic & 0xFFFF) + " length=" + length + ")");
        }
        return checksumMismatch(stored, computed);
    }

    /**
     * Whether a field found unreadable (a magic, a format version) is damage rather than another file or format: the
     * current document's block checksum fails and one damaged byte inside the field explains the mismatch (see
     * {@link Checksum#locateByteError(int, int, int)}; a random mismatch passes for one byte at a given offset about
     * once in 2^24). {@link #verify()} then reports the checksum mismatch naming that byte. Rare path: checksums the
     * block.
     *
     * @param from   offset of the field in the block.
     * @param length length of the field.
     * @return true if one damaged byte inside the field explains the checksum mismatch.
     */
    boolean isDamagedByteIn(final int from, final int length)
    {
        final int offset = scanner.documentOffset();
        final int blockLength = scanner.documentLength();
        if (blockLength < BLOCK_HEADER_LENGTH)
        {
            return false;
        }
        final int stored = scanner.buffer().getInt(offset + CHECKSUM_OFFSET);
        final int computed = Checksum.compute(crc, scanner.view(), offset, blockLength);
        return stored != computed && isExplainedByOneByteIn(stored, computed, blockLength, from, length);
    }

    private static boolean isExplainedByOneByteIn(
        final int stored, final int computed, final int blockLength, final int from, final int length)
    {
        final long error = Checksum.locateByteError(stored, computed, blockLength);
        final long at = error >>> 8;
        return error >= 0 && at >= from && at < from + length;
    }

    /**
     * Report a block whose checksum fails, naming the record that holds the damage when one damaged byte explains
     * the mismatch (see {@link Checksum#locateByteError(int, int, int)}) and the block decodes cleanly once that byte
     * is restored; the block's records are never delivered.
     */
    private JournalCorruptException checksumMismatch(final int stored, final int computed)
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final int length = scanner.documentLength();
        final String mismatch = "block checksum stored=0x" + Integer.toHexString(stored) + " computed=0x" +
            Integer.toHexString(computed) + " length=" + length;
        final long error = Checksum.locateByteError(stored, computed, length);
        if (error < 0)
        {
            return corrupt(CHECKSUM_MISMATCH, NO_RECORD, mismatch);
        }
        final int at = (int)(error >>> 8);
        final byte bits = (byte)error;
        int recordIndex = NO_RECORD;
        if (at >= BLOCK_HEADER_LENGTH && BLOCK_KIND_DATA == buffer.getByte(offset + KIND_OFFSET))
        {
            final byte damaged = buffer.getByte(offset + at);
            buffer.putByte(offset + at, (byte)(damaged ^ bits));
            if (stored == Checksum.compute(crc, scanner.view(), offset, length))
            {
                recordIndex = recordHolding(offset + at);
            }
            buffer.putByte(offset + at, damaged);
        }
        return corrupt(CHECKSUM_MISMATCH, recordIndex, mismatch + "; one damaged byte explains it: block offset " +
            at + " (bits 0x" + Integer.toHexString(bits & 0xFF) + " differ)" +
            (at < BLOCK_HEADER_LENGTH ? ", in the block header" : NO_RECORD == recordIndex ? "" :
            ", in record " + recordIndex));
    }

    /**
     * Report the scanner's current document, cut short by the end of its file, naming the record the cut falls in
     * when the block header is whole: the records before the cut are decoded, not delivered, up to the first that
     * runs past the bytes present.
     *
     * @return a {@link JournalCorruptException.Reason#TRUNCATED} exception.
     */
    JournalCorruptException truncated()
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final int present = scanner.documentLength();
        int recordIndex = NO_RECORD;
        if (present >= BLOCK_HEADER_LENGTH && BLOCK_MAGIC == buffer.getShort(offset + BLOCK_MAGIC_OFFSET) &&
            BLOCK_KIND_DATA == buffer.getByte(offset + KIND_OFFSET) &&
            isReadableVersion(buffer.getByte(offset + VERSION_OFFSET) & 0xFF))
        {
            try
            {
                decoder.decode(IGNORE);
            }
            catch (final JournalCorruptException ex)
            {
                recordIndex = ex.recordIndex();
            }
        }
        return corrupt(TRUNCATED, recordIndex, "document declares length=" + scanner.declaredLength() +
            " but the cycle file ends after " + present + " of its bytes" +
            (NO_RECORD == recordIndex ? "" : ", in record " + recordIndex));
    }

    /**
     * Decode the current block without delivering its records to find the one whose bytes hold a buffer index; a
     * LAYOUT counts as part of the record after it, an INPUT_DISPATCHED or PACKED record as the INPUT's.
     *
     * @return the record index, or {@link JournalCorruptException#NO_RECORD} if the block does not decode.
     */
    private int recordHolding(final int index)
    {
        locateIndex = index;
        locatedRecord = NO_RECORD;
        try
        {
            decoder.decode(locator);
        }
        catch (final JournalCorruptException ex)
        {
            return NO_RECORD;
        }
        return locatedRecord;
    }

    /**
     * @return the block index in the header of the scanner's current document.
     */
    long blockIndex()
    {
        return scanner.buffer().getLong(scanner.documentOffset() + BLOCK_INDEX_OFFSET);
    }

    /**
     * @param version a block's or journal header's format version.
     * @return true if this reader decodes it: {@link JournalDescriptor#MIN_FORMAT_VERSION} to
     * {@link JournalDescriptor#FORMAT_VERSION}.
     */
    static boolean isReadableVersion(final int version)
    {
        return version >= MIN_FORMAT_VERSION && version <= FORMAT_VERSION;
    }

    /**
     * @param version the journal's format version, from its first header read: a block or later header of another
     * version is then damage inside the journal, not another release's journal.
     */
    void journalVersion(final int version)
    {
        journalVersion = version;
    }

    /**
     * Report a format version this reader does not read, found in the current document. Another release's block keeps
     * its checksum; when this one's fails as well (damage of more than the one byte {@link #isDamagedByteIn(int, int)}
     * recognises) the message says the version may be damaged instead. Once the journal's first header has been read,
     * its version is the journal's, so a block or a later cycle file's header of another version, even one this
     * reader reads, is damage inside it: a journal another release wrote is of that release's version from its first
     * header on. Rare path: checksums the block.
     *
     * @param found the version found, one this reader does not read or not the journal's.
     * @return a {@link JournalCorruptException.Reason#UNSUPPORTED_VERSION} exception in the journal's first header,
     * else a {@link JournalCorruptException.Reason#MALFORMED_BLOCK} one.
     */
    JournalCorruptException unsupportedVersion(final int found)
    {
        final int offset = scanner.documentOffset();
        final int length = scanner.documentLength();
        final boolean checksumFails = length >= BLOCK_HEADER_LENGTH &&
            scanner.buffer().getInt(offset + CHECKSUM_OFFSET) != Checksum.compute(crc, scanner.view(), offset, length);
        if (0 != journalVersion)
        {
            return corrupt(MALFORMED_BLOCK, NO_RECORD, "format version found=" + found + " expected=" +
                journalVersion + " (the journal's, as its first header says): a block of another version inside " +
                "the journal is damage, not a journal another engine release wrote" +
                (checksumFails ? "; the block's checksum does not hold either" : ""));
        }
        return corrupt(UNSUPPORTED_VERSION, NO_RECORD, "journal format version found=" + found + " expected=" +
            FORMAT_VERSION + " (or down to " + MIN_FORMAT_VERSION + "; written by another engine release" +
            (checksumFails ? ", or damaged: the block's checksum does not hold either)" : ")"));
    }

    private JournalCorruptException corrupt(
        final JournalCorruptException.Reason reason, final int recordIndex, final String detail)
    {
        return scanner.documentCorrupt(reason, recordIndex, detail);
    }
}
