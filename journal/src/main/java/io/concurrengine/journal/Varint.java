/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * LEB128 and zig-zag helpers for the record encoding of {@link JournalDescriptor}. Stateless, allocation-free.
 */
final class Varint
{
    private Varint()
    {
    }

    /**
     * Zig-zag map a signed value so small magnitudes of either sign get short varints.
     *
     * @param value signed value.
     * @return unsigned zig-zag form.
     */
    static long zigZag(final long value)
    {
        return (value << 1) ^ (value >> 63);
    }

    /**
     * Inverse of {@link #zigZag(long)}.
     *
     * @param value zig-zag form.
     * @return signed value.
     */
    static long unZigZag(final long value)
    {
        return (value >>> 1) ^ -(value & 1);
    }

    /**
     * Write an unsigned LEB128 varint. The caller guarantees {@link JournalDescriptor#MAX_VARLONG_LENGTH} bytes of room.
     *
     * @param buffer to write into.
     * @param index  where to start.
     * @param value  unsigned value.
     * @return index after the last byte written.
     */
    static int putVarLong(final MutableDirectBuffer buffer, final int index, final long value)
    {
        if ((value & ~0x7FL) == 0)
        {
            buffer.putByte(index, (byte)value);
            return index + 1;
        }
        if ((value & ~0x3FFFL) == 0)
        {
            buffer.putShort(index, (short)((value & 0x7F) | 0x80 | ((value >>> 7) << 8)), ByteOrder.LITTLE_ENDIAN);
            return index + 2;
        }
        return putVarLongSlowPath(buffer, index, value);
    }

    private static int putVarLongSlowPath(final MutableDirectBuffer buffer, final int index, final long value)
    {
        int i = index;
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            buffer.putByte(i++, (byte)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.putByte(i++, (byte)v);
        return i;
    }

    /**
     * Bytes {@link #putVarLong(MutableDirectBuffer, int, long)} uses for a value.
     *
     * @param value unsigned value.
     * @return 1..10.
     */
    static int varLongLength(final long value)
    {
        final int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }
}
