package io.concurrengine.tools.sim;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
    void shouldRejectGarbage()
    {
        assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("soon"));
    }
}
