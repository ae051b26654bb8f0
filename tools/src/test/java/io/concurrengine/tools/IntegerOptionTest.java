package io.concurrengine.tools;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IntegerOptionTest
{
    @Test
    void shouldTakeEveryIntegerOfTheTypeUpToBothEnds()
    {
        assertEquals(Integer.MAX_VALUE, IntegerOption.parse("2147483647", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, IntegerOption.parse("-2147483648", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(5, IntegerOption.parse("+5", Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, IntegerOption.parse("-9223372036854775808", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void shouldRefuseAnIntegerPastEitherEndSayingTheRangeAndAnythingElseSayingItIsNoInteger()
    {
        assertRefused("2147483648", "expected an integer from -2147483648 to 2147483647, found \"2147483648\"");
        assertRefused("-2147483649", "expected an integer from -2147483648 to 2147483647, found \"-2147483649\"");
        assertRefused("-99999999999999999999",
            "expected an integer from -2147483648 to 2147483647, found \"-99999999999999999999\"");
        assertRefused("", "expected an integer, found \"\"");
        assertRefused("1e3", "expected an integer, found \"1e3\"");
        assertRefused(" 7", "expected an integer, found \" 7\"");
        // Long.parseLong reads any Unicode digit: a full-width 3 was 3
        assertRefused("\uff13", "expected an integer, found \"\uff13\"");
    }

    @Test
    void shouldTakeEveryLongForALongOptionOfItsOwnRangeAndSayThatRangeOfANumberBeyondALong()
    {
        assertEquals(-1, IntegerOption.parseLong("-1", 0, Long.MAX_VALUE), "the command judges it");
        assertEquals(Long.MAX_VALUE, IntegerOption.parseLong("9223372036854775807", 1, Long.MAX_VALUE));
        assertEquals("expected an integer from 1 to 9223372036854775807, found \"99999999999999999999\"",
            assertThrows(CommandLine.TypeConversionException.class,
                () -> IntegerOption.parseLong("99999999999999999999", 1, Long.MAX_VALUE)).getMessage());
        assertEquals("expected an integer from 0 to 9223372036854775807, found \"-9223372036854775809\"",
            assertThrows(CommandLine.TypeConversionException.class,
                () -> new IntegerOption.NotNegative().convert("-9223372036854775809")).getMessage());
        assertEquals("expected an integer, found \"1e3\"", assertThrows(CommandLine.TypeConversionException.class,
            () -> new IntegerOption.Positive().convert("1e3")).getMessage());
    }

    private static void assertRefused(final String value, final String message)
    {
        final CommandLine.TypeConversionException ex = assertThrows(CommandLine.TypeConversionException.class,
            () -> IntegerOption.parse(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(message, ex.getMessage());
    }
}
