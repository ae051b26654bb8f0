package io.concurrengine.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A text file's bytes read strictly as UTF-8, and where they are not, which byte is not, in words for a person
 * ({@code not UTF-8 text (byte 0xff at offset 22 (line 2))}) rather than the JDK's {@code Input length = 1}.
 */
public final class Utf8Text
{
    private Utf8Text()
    {
    }

    /**
     * Read a text file, or as much of it as shows it is too large: never more than {@code maxBytes + 1} bytes, so that
     * a huge file or an endless one ({@code /dev/zero}, a pipe) cannot exhaust the heap.
     *
     * @param file     a file.
     * @param maxBytes the most a file of its kind may hold.
     * @return its bytes; more than {@code maxBytes} of them if it holds more.
     * @throws IOException if it cannot be opened or read.
     */
    public static byte[] readAtMost(final Path file, final int maxBytes) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return in.readNBytes(maxBytes + 1);
        }
    }

    /**
     * @param bytes a file's bytes.
     * @return them as UTF-8 text.
     * @throws IllegalArgumentException naming the first byte that is not UTF-8, its offset and line.
     */
    public static String decode(final byte[] bytes)
    {
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError())
        {
            result = decoder.flush(out);
        }
        if (result.isError())
        {
            final int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++)
            {
                line += '\n' == bytes[i] ? 1 : 0;
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "not UTF-8 text (byte 0x%02x at offset %d (line %d))", bytes[offset] & 0xFF, offset, line));
        }
        return out.flip().toString();
    }
}
