/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.agrona.UnsafeApi;

/**
 * Field codings of {@link JournalDescriptor}: zig-zag, LEB128 varints and the length codes of raw little-endian fields.
 * Stateless, allocation-free.
 * <p>
 * Writers store a field of up to 8 bytes with one little-endian 8-byte store and advance by the field's length: the
 * bytes stored beyond it are garbage that the next store overwrites or that lies past the end of the block. The target
 * array therefore needs {@value #WRITE_SLACK} bytes of slack after the last byte a record may occupy.
 * <p>
 * {@link #putLong(byte[], int, long)} and {@link #putInt(byte[], int, int)} do not check the index on little-endian
 * machines ({@code UnsafeApi}; an {@code assert} checks it when assertions are on): the caller has checked once per
 * record that the record and the slack fit, and a range check per field was 15 % of the encoder's instructions. On a
 * big-endian machine they are checked {@code VarHandle} stores. {@link #putVarLong(byte[], int, long)} stays checked.
 */
final class Varint
{
    /** Bytes a varint may be written with the single-store fast path. */
    static final int FAST_BYTES = 8;

    /** Bytes of room an 8-byte store needs beyond the index it starts at. */
    static final int WRITE_SLACK = Long.BYTES;

    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);
    private static final long CONTINUATION_BITS = 0x8080_8080_8080_8080L;

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
     * Write an unsigned LEB128 varint. The caller guarantees {@link JournalDescriptor#MAX_VARLONG_LENGTH} bytes of room
     * plus {@link #WRITE_SLACK} after {@code index}.
     *
     * @param array to write into.
     * @param index where to start.
     * @param value unsigned value.
     * @return index after the last byte of the varint.
     */
    static int putVarLong(final byte[] array, final int index, final long value)
    {
        final int length = varLongLength(value);
        LONG_LE.set(array, index, leb128(value, length));
        if (length > FAST_BYTES)
        {
            return putVarLongSlowPath(array, index, value);
        }
        return index + length;
    }

    /**
     * Length code of a value written as raw little-endian bytes: its byte length, except that 7 bytes are coded
     * (and written) as 8, see {@link JournalDescriptor#LENGTH_CODE_LONG}.
     *
     * @param value unsigned value.
     * @return 0 (value 0) .. 7.
     */
    static int lengthCode(final long value)
    {
        final int length = byteLength(value);
        return length - (length >>> 3);
    }

    /**
     * @param value unsigned value.
     * @return bytes of its significant bits: 0 (value 0) .. 8.
     */
    static int byteLength(final long value)
    {
        return (71 - Long.numberOfLeadingZeros(value)) >>> 3;
    }

    /**
     * Bytes a field of a length code occupies.
     *
     * @param code 0..7.
     * @return 0..6, or 8 for code 7.
     */
    static int fieldLength(final int code)
    {
        return code + ((code + 1) >>> 3);
    }

    /**
     * Store 8 bytes little-endian. Unchecked on little-endian machines: the caller guarantees
     * {@code 0 <= index <= array.length - 8}.
     *
     * @param array to write into.
     * @param index first byte.
     * @param value to store.
     */
    static void putLong(final byte[] array, final int index, final long value)
    {
        if (NATIVE_LE)
        {
            assert index >= 0 && index <= array.length - Long.BYTES : "index=" + index + " length=" + array.length;
            UnsafeApi.putLong(array, BYTE_ARRAY_BASE + index, value);
        }
        else
        {
            LONG_LE.set(array, index, value);
        }
    }

    /**
     * Store 4 bytes little-endian, as {@link #putLong(byte[], int, long)}: the caller guarantees
     * {@code 0 <= index <= array.length - 4}.
     *
     * @param array to write into.
     * @param index first byte.
     * @param value to store.
     */
    static void putInt(final byte[] array, final int index, final int value)
    {
        if (NATIVE_LE)
        {
            assert index >= 0 && index <= array.length - Integer.BYTES : "index=" + index + " length=" + array.length;
            UnsafeApi.putInt(array, BYTE_ARRAY_BASE + index, value);
        }
        else
        {
            INT_LE.set(array, index, value);
        }
    }

    /**
     * The LEB128 encoding of a value below 2^56 as a little-endian long of which the low {@code length} bytes count.
     *
     * @param value  unsigned value; only its low 56 bits are encoded.
     * @param length {@link #varLongLength(long)} of the value, 1..8.
     * @return encoded bytes, byte 0 first.
     */
    static long leb128(final long value, final int length)
    {
        final long groups =
            (value & 0x7FL) |
            (value & 0x3F80L) << 1 |
            (value & 0x1F_C000L) << 2 |
            (value & 0xFE0_0000L) << 3 |
            (value & 0x7_F000_0000L) << 4 |
            (value & 0x3F8_0000_0000L) << 5 |
            (value & 0x1_FC00_0000_0000L) << 6 |
            (value & 0xFE_0000_0000_0000L) << 7;
        return groups | (CONTINUATION_BITS & ((1L << ((length - 1) << 3)) - 1));
    }

    private static int putVarLongSlowPath(final byte[] array, final int index, final long value)
    {
        int i = index;
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            array[i++] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        array[i++] = (byte)v;
        return i;
    }

    /**
     * Bytes {@link #putVarLong(byte[], int, long)} uses for a value.
     *
     * @param value unsigned value.
     * @return 1..10.
     */
    static int varLongLength(final long value)
    {
        return ((63 - Long.numberOfLeadingZeros(value | 1)) * 9 + 73) >>> 6;
    }
}
