package io.concurrengine.tools;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class PrintableTextTest
{
    @Test
    void shouldEscapeLineEndsTabsAndEveryOtherControlCharacter()
    {
        assertEquals("a\\nFORGED\\r\\tb\\x1b[2K\\x00\\x7f\\x9b.csv",
            PrintableText.escape("a\nFORGED\r\tb\u001b[2K\u0000\u007f\u009b.csv"));
    }

    @Test
    void shouldEscapeSeparatorsFormatCharactersAndUnpairedSurrogates()
    {
        assertEquals("a\\u2028b\\u202ec\\u200bd\\ud800e\\U000e0001",
            PrintableText.escape("a\u2028b\u202Ec\u200Bd\uD800e\uDB40\uDC01"));
        assertEquals("\\xad\\uffff\\U0010ffff", PrintableText.escape("\u00AD\uFFFF\uDBFF\uDFFF"),
            "a soft hyphen, and the last code point of each plane: unassigned and private-use");
    }

    @Test
    void shouldKeepPrintableTextAsItIsBackslashesAndLettersBeyondAsciiIncluded()
    {
        final String text = "/data/d\u00e9j\u00e0 vu/\u65e5\u672c/C:\\feeds\\x.csv \ud83d\ude00";
        assertSame(text, PrintableText.escape(text));
        assertEquals("/tmp/a\\nb", PrintableText.escape(Path.of("/tmp/a\nb")));
        assertEquals("null", PrintableText.escape(null));
    }
}
