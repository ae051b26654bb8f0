package io.concurrengine.tools.sim;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationConverterTest
{
    private final DurationConverter converter = new DurationConverter();

    @Test
    void shouldReadUnits()
    {
        assertEquals(1500L, converter.convert("1500ms"));
        assertEquals(300_000L, converter.convert("300s"));
        assertEquals(1_800_000L, converter.convert("30m"));
        assertEquals(5_400_000L, converter.convert("1.5h"));
    }

    @Test
    void shouldReadBareNumberAsSeconds()
    {
        assertEquals(45_000L, converter.convert("45"));
    }

    @Test
    void shouldRejectNonPositiveDuration()
    {
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("0s"));
    }

    @Test
    void shouldRejectWhatOnlyJavaReadsAsANumber()
    {
        // Double.parseDouble takes Java's literal forms: "1d" was one second, "2f" two, "0x1p4" sixteen
        for (final String text : new String[]{"1d", "2f", "90D", "0x1p4", "0x1p4s", "1e", "1dms", "+-5s", "5..s"})
        {
            final CommandLine.TypeConversionException ex =
                assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(text), text);
            assertEquals(notADuration(text), ex.getMessage());
        }
        assertEquals(1_000_000L, converter.convert("1e3"), "an exponent, as a count and a TOML float take one");
        assertEquals(500L, converter.convert(".5s"));
        assertEquals(5_000L, converter.convert(" 5. "));
        assertEquals(5_000L, converter.convert("+5s"), "a sign before the amount, as every number takes one");
    }

    /**
     * {@code 10M} read only "not a duration", where {@code run --duration 10M} says M is a million and to write m; so
     * did {@code -10M}.
     */
    @Test
    void shouldSayACapitalMIsAMillionNotMinutes()
    {
        final CommandLine.TypeConversionException ex =
            assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("10M"));
        assertEquals("'10M' is not a duration: M is a million in a count such as --iterations 1M; write 10m for " +
            "minutes", ex.getMessage());
        final CommandLine.TypeConversionException alone =
            assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("M"));
        assertEquals(notADuration("M"), alone.getMessage());
        // a minus sign lost the hint: "'-10M' is not a duration (e.g. ...)"
        assertEquals("'-10M' is not a duration: M is a million in a count such as --iterations 1M; write -10m for " +
            "minutes", assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("-10M"))
            .getMessage());
        assertEquals(notADuration("-M"), assertThrows(
            CommandLine.TypeConversionException.class, () -> converter.convert("-M")).getMessage());
        // nor a point or an underscore without a digit, which "write .m for minutes" would not make a duration
        for (final String noAmount : List.of(".M", "_M", "-.M", "+_M"))
        {
            assertEquals(notADuration(noAmount), assertThrows(
                CommandLine.TypeConversionException.class, () -> converter.convert(noAmount)).getMessage(), noAmount);
        }
        // nor a plus sign, which a duration takes as a number does
        assertEquals("'+10M' is not a duration: M is a million in a count such as --iterations 1M; write +10m for " +
            "minutes", assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("+10M"))
            .getMessage());
    }

    @Test
    void shouldReadDurationsAsConfigurationValuesAreRead()
    {
        // one reader for flags and configuration: units below a millisecond, underscores, a space before the unit
        assertEquals(2L, converter.convert("1500us"));
        assertEquals(1L, converter.convert("1_000_000ns"));
        assertEquals(1_000_000L, converter.convert("1_000s"));
        assertEquals(5_000L, converter.convert("5 s"));
        assertEquals(5_000L, converter.convert("5S"));
    }

    @Test
    void shouldSayARoundedOrLongDurationIsOutOfRange()
    {
        for (final String text : new String[]{"400us", "0.4ns", "25h", "2000000h", "99999999999999999999h"})
        {
            final CommandLine.TypeConversionException ex =
                assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(text), text);
            assertEquals("'" + text + "' must be between 1ms and 24h", ex.getMessage());
        }
    }

    /** A negative duration was "not a duration" rather than out of the range the option takes. */
    @Test
    void shouldSayANegativeDurationIsOutOfRange()
    {
        for (final String text : new String[]{"-1", "-5m", " -300s", "-0.5ms", "-25h"})
        {
            final CommandLine.TypeConversionException ex =
                assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(text), text);
            assertEquals("'" + text + "' must be between 1ms and 24h", ex.getMessage());
        }
        for (final String text : new String[]{"-", "--1", "-x", "-1d"})
        {
            final CommandLine.TypeConversionException ex =
                assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert(text), text);
            assertEquals(notADuration(text), ex.getMessage());
        }
    }

    /**
     * Text that is no duration was "'x' is not a duration (e.g. 300s, 30m, 1500ms)", where benchmark's
     * {@code --warmup}, run's flags and the configuration say what a duration looks like in other words.
     */
    @Test
    void shouldRejectGarbageInTheWordsOfEveryOtherDuration()
    {
        final CommandLine.TypeConversionException ex =
            assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("soon"));
        assertEquals(notADuration("soon"), ex.getMessage());
        assertEquals("'1e1M' is not a duration: M is a million in a count such as --iterations 1M; write 1e1m for " +
            "minutes", assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("1e1M"))
            .getMessage());
    }

    private static String notADuration(final String text)
    {
        return "expected a duration such as \"10s\", \"500ms\", \"5m\" or \"1h\", found \"" + text.strip() + "\"";
    }
}
