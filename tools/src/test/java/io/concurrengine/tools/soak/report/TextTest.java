package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The report's figures as a person reads them: each unit from its first value on, and the tick labels of an axis.
 */
class TextTest
{
    @Test
    void shouldGiveALatencyInTheUnitItReachesFromItsFirstValueOn()
    {
        assertEquals("0 ns", Text.latency(0));
        assertEquals("999 ns", Text.latency(999));
        assertEquals("1.0 µs", Text.latency(1_000));
        assertEquals("12.3 µs", Text.latency(12_345));
        assertEquals("999.9 µs", Text.latency(999_949));
        assertEquals("1.00 ms", Text.latency(999_950));
        assertEquals("1.00 ms", Text.latency(1_000_000));
        assertEquals("4.56 ms", Text.latency(4_560_000));
        assertEquals("999.99 ms", Text.latency(999_994_999));
        assertEquals("1.00 s", Text.latency(999_995_000));
        assertEquals("1.00 s", Text.latency(1_000_000_000));
        assertEquals("1.23 s", Text.latency(1_234_567_890));
    }

    @Test
    void shouldGiveASizeInTheBinaryUnitItReachesFromItsFirstByteOn()
    {
        final long kib = 1L << 10;
        final long mib = 1L << 20;
        final long gib = 1L << 30;

        assertEquals("0 B", Text.bytes(0));
        assertEquals("1023 B", Text.bytes(kib - 1));
        assertEquals("1.0 KiB", Text.bytes(kib));
        assertEquals("1.5 KiB", Text.bytes(kib + kib / 2));
        assertEquals("1023.9 KiB", Text.bytes(1_048_524));
        assertEquals("1.0 MiB", Text.bytes(1_048_525));
        assertEquals("1.0 MiB", Text.bytes(mib));
        assertEquals("123.4 MiB", Text.bytes(123 * mib + 4 * mib / 10));
        assertEquals("1023.9 MiB", Text.bytes(1_073_689_395));
        assertEquals("1.00 GiB", Text.bytes(1_073_689_396));
        assertEquals("1.00 GiB", Text.bytes(gib));
        assertEquals("1.25 GiB", Text.bytes(gib + gib / 4));
    }

    @Test
    void shouldGiveRatesRoundedWithThousandsSeparators()
    {
        assertEquals("1,234,568 events/s", Text.eventRate(1_234_567.5));
        assertEquals("0 events/s", Text.eventRate(0));
        assertEquals("99,999.4 inputs/s", Text.inputRate(99_999.4));
        assertEquals("18,000 inputs/s", Text.inputRate(0.9 * 20_000));
        assertEquals("0.9 inputs/s", Text.inputRate(0.9 * 1));
        assertEquals("0.0000009 inputs/s", Text.inputRate(0.9 * 1e-6));
        assertEquals("9,999.9 inputs/s", Text.inputRate(0.9 * 11_111));
        assertEquals("1,234.57", Text.decimal(1_234.5678, 2));
        assertEquals("1,234,567", Text.count(1_234_567));
    }

    @Test
    void shouldGiveSecondsToTheMillisecondWithoutTrailingZeros()
    {
        assertEquals("20 s", Text.seconds(20));
        assertEquals("100 s", Text.seconds(100));
        assertEquals("0.25 s", Text.seconds(0.25));
        assertEquals("1.235 s", Text.seconds(1.2345));
        assertEquals("0 s", Text.seconds(0.0004));
    }

    @Test
    void shouldShowHoursOnAClockFromTheFirstHourOnOrWhenAsked()
    {
        assertEquals("0:42", Text.clock(42.9));
        assertEquals("12:05", Text.clock(725));
        assertEquals("59:59", Text.clock(3_599.99));
        assertEquals("1:00:00", Text.clock(3_600));
        assertEquals("25:01:01", Text.clock(90_061));
        assertEquals("0:00", Text.clock(-5));
        assertEquals("0:10:00", Text.clock(600, true));
        assertEquals("10:00", Text.clock(600, false));
        assertEquals("1:00:00", Text.clock(3_600, false));
    }

    @Test
    void shouldGiveATickAsManyDecimalsAsItsStepNeedsAndASuffixFromAMillionOn()
    {
        assertEquals(0, Text.decimalsFor(1));
        assertEquals(0, Text.decimalsFor(250_000));
        assertEquals(1, Text.decimalsFor(0.5));
        assertEquals(2, Text.decimalsFor(0.25));
        assertEquals(3, Text.decimalsFor(0.125));
        assertEquals(5, Text.decimalsFor(0.00001));
        assertEquals(6, Text.decimalsFor(0.000001));
        assertEquals(1, Text.decimalsFor(-0.5));

        assertEquals("250,000", Text.tick(250_000, 250_000));
        assertEquals("999,999", Text.tick(999_999, 1));
        assertEquals("1.00M", Text.tick(1_000_000, 250_000));
        assertEquals("1.5M", Text.tick(1_500_000, 500_000));
        assertEquals("0M", Text.tick(0, 2_000_000), "the zero of an axis in millions");
        assertEquals("1.0G", Text.tick(1_000_000_000, 500_000_000));
        assertEquals("2.5G", Text.tick(2_500_000_000.0, 500_000_000));
        assertEquals("0.5", Text.tick(0.5, 0.5));
    }

    @Test
    void shouldEscapeMarkupAndShowControlCharactersKeepingLinesOnlyInABlock()
    {
        assertEquals("", Text.html(null));
        assertEquals("", Text.htmlLines(null));
        assertEquals("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; \ud83d\ude00 é",
            Text.html("a & b <c> \"d\" 'e' \ud83d\ude00 é"));
        assertEquals("a\\nb\\tc\\x1b[0m\\u2028", Text.html("a\nb\tc\u001b[0m\u2028"));
        assertEquals("a\nb\tc\\x1b[0m\\r&lt;", Text.htmlLines("a\nb\tc\u001b[0m\r<"));
    }
}
