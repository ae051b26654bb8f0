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
    }

    private static void assertRefused(final String value, final String message)
    {
        final CommandLine.TypeConversionException ex = assertThrows(CommandLine.TypeConversionException.class,
            () -> IntegerOption.parse(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(message, ex.getMessage());
    }
}
