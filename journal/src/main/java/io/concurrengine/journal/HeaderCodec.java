/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalDescriptor.*;

/**
 * Encodes and decodes the header block of {@link JournalDescriptor}. Rare path: allocates.
 */
final class HeaderCodec
{
    private static final TimeUnit[] TIME_UNITS = TimeUnit.values();

    private HeaderCodec()
    {
    }

    /**
     * Encode a header block at offset 0.
     *
     * @param buffer     at least {@link JournalDescriptor#MAX_HEADER_BLOCK_LENGTH} bytes.
     * @param view       direct view of the same memory, for the checksum.
     * @param crc        reusable CRC32C.
     * @param blockIndex ordinal of the block in the journal.
     * @param baseTime   time of the journal's last record before the block (the start time in the first cycle file).
     * @param baseSeq    seq of the journal's last dispatch before the block (-1 in the first cycle file).
     * @param header     identity.
     * @param version    format version to write.
     * @return block length.
     */
    static int encode(
        final UnsafeBuffer buffer,
        final ByteBuffer view,
        final CRC32C crc,
        final long blockIndex,
        final long baseTime,
        final long baseSeq,
        final JournalHeader header,
        final int version)
    {
        buffer.putLong(BASE_TIME_OFFSET, baseTime);
        buffer.putLong(BASE_SEQ_OFFSET, baseSeq);
        buffer.putLong(MAGIC_OFFSET, JOURNAL_MAGIC);
        buffer.putInt(FORMAT_VERSION_OFFSET, version);
        buffer.putInt(SHARD_ID_OFFSET, header.shardId());
        buffer.putInt(SHARD_COUNT_OFFSET, header.shardCount());
        buffer.putInt(TIME_UNIT_OFFSET, header.timeUnit().ordinal());
        buffer.putLong(CONFIG_HASH_OFFSET, header.configHash());
        buffer.putLong(START_TIME_OFFSET, header.startTime());
        buffer.putLong(SEED_OFFSET, header.seed());
        int index = putString(buffer, ENGINE_VERSION_OFFSET, header.engineVersion());
        index = putString(buffer, index, header.modelId());
        buffer.putInt(BLOCK_LENGTH_OFFSET, index);
        buffer.putLong(BLOCK_INDEX_OFFSET, blockIndex);
        buffer.putInt(RECORD_COUNT_OFFSET, 0);
        buffer.putByte(KIND_OFFSET, BLOCK_KIND_HEADER);
        buffer.putByte(VERSION_OFFSET, (byte)version);
        buffer.putShort(BLOCK_MAGIC_OFFSET, BLOCK_MAGIC);
        buffer.putInt(CHECKSUM_OFFSET, Checksum.compute(crc, view, index));
        return index;
    }

    /**
     * Decode the identity of a header block whose checksum and length were checked.
     *
     * @param buffer holding the block.
     * @param offset block start.
     * @param length block length.
     * @return the header, or null if the strings (lengths, or not well-formed UTF-8), shard or time unit are malformed.
     */
    static JournalHeader decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        final int engineLengthAt = offset + ENGINE_VERSION_OFFSET;
        if (engineLengthAt + STRING_LENGTH_LENGTH > end)
        {
            return null;
        }
        final int engineLength = buffer.getShort(engineLengthAt) & 0xFFFF;
        final int modelLengthAt = engineLengthAt + STRING_LENGTH_LENGTH + engineLength;
        if (modelLengthAt + STRING_LENGTH_LENGTH > end)
        {
            return null;
        }
        final int modelLength = buffer.getShort(modelLengthAt) & 0xFFFF;
        if (modelLengthAt + STRING_LENGTH_LENGTH + modelLength != end)
        {
            return null;
        }
        final int timeUnit = buffer.getInt(offset + TIME_UNIT_OFFSET);
        final int shardId = buffer.getInt(offset + SHARD_ID_OFFSET);
        final int shardCount = buffer.getInt(offset + SHARD_COUNT_OFFSET);
        if (timeUnit < 0 || timeUnit >= TIME_UNITS.length || shardCount < 1 || shardId < 0 || shardId >= shardCount ||
            engineLength > MAX_STRING_LENGTH || modelLength > MAX_STRING_LENGTH)
        {
            return null;
        }
        final String engine = getString(buffer, engineLengthAt + STRING_LENGTH_LENGTH, engineLength);
        final String model = getString(buffer, modelLengthAt + STRING_LENGTH_LENGTH, modelLength);
        if (null == engine || null == model)
        {
            return null;
        }
        return new JournalHeader(
            engine,
            model,
            buffer.getLong(offset + CONFIG_HASH_OFFSET),
            shardId,
            shardCount,
            TIME_UNITS[timeUnit],
            buffer.getLong(offset + START_TIME_OFFSET),
            buffer.getLong(offset + SEED_OFFSET));
    }

    /**
     * Decode a string the writer encoded: well-formed UTF-8 only. A lenient decode would turn each malformed byte into
     * U+FFFD, three bytes in UTF-8, and a string of up to {@link JournalDescriptor#MAX_STRING_LENGTH} such bytes into
     * one {@link JournalHeader} refuses as too long.
     *
     * @return the string, or null if the bytes are not well-formed UTF-8.
     */
    private static String getString(final DirectBuffer buffer, final int index, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(index, bytes);
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            return null;
        }
    }

    private static int putString(final UnsafeBuffer buffer, final int index, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.putShort(index, (short)bytes.length);
        buffer.putBytes(index + STRING_LENGTH_LENGTH, bytes);
        return index + STRING_LENGTH_LENGTH + bytes.length;
    }
}
