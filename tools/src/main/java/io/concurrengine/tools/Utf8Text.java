package io.concurrengine.tools;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
