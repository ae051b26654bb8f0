package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketFeedFileTest
{
    private static final String CR_ONLY = "; the line holds a carriage return (\\r) with no line feed after it: " +
        "the feed appears to use CR-only line ends (classic Mac OS), and a feed's lines end in LF or CRLF: " +
        "convert it, e.g. tr '\\r' '\\n'";

    @TempDir
    Path dir;

    private Path write(final String text) throws IOException
    {
        final Path file = dir.resolve("feed.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> readAll(final MarketFeedFile feed)
    {
        final List<String> inputs = new ArrayList<>();
        final MarketInput input = new MarketInput();
        while (feed.next(input))
        {
            inputs.add(describe(input));
        }
        return inputs;
    }

    private static String describe(final MarketInput input)
    {
        return input.feedTime() + " " + input.type() + " " + input.target() + " " + input.a0() + " " + input.a1() +
            " " + input.a2() + " " + input.a3();
    }

    @Test
    void shouldReadEveryInputTypeSkippingHeaderCommentsAndBlankLines() throws IOException
    {
        final Path file = write(
            "# a recorded session\n" +
            "time,type,instrument,id,side,price,quantity,extra\r\n" +
            "1000,add,17,5001,buy,10250,100\n" +
            "\n" +
            "  1000 , ADD , 17 , 5002 , Sell , -3 , 80 , 30000  \r\n" +
            "1003,execute,17,9001,s,10200,50\n" +
            "1003,execute,17,9002,B,market,50\n" +
            "   # indented comment\n" +
            "1010,cancel,17,5001\n" +
            "1012,replace,17,5002,10255,60");

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of(
                "1000 0 17 5001 " + MarketEvents.sidePrice(MarketEvents.BUY, 10250) + " 100 0",
                "1000 0 17 5002 " + MarketEvents.sidePrice(MarketEvents.SELL, -3) + " 80 30000",
                "1003 2 17 9001 " + MarketEvents.sidePrice(MarketEvents.SELL, 10200) + " 50 " + MarketEvents.FLAG_LIMIT,
                "1003 2 17 9002 " + MarketEvents.sidePrice(MarketEvents.BUY, 0) + " 50 0",
                "1010 1 17 5001 0 0 0",
                "1012 3 17 5002 10255 60 0"), readAll(feed));
            assertEquals(10, feed.lines());
            assertEquals(6, feed.inputs());
            assertEquals(0, feed.malformed());
        }
    }

    @Test
    void shouldReadTheReadmesExampleAsItIsPasted() throws IOException
    {
        final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        final int section = readme.indexOf("\n## Feed files\n");
        final int start = readme.indexOf("```\n", section) + 4;
        final Path file = write(readme.substring(start, readme.indexOf("```\n", start)));

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of(
                "1000 0 17 5001 " + MarketEvents.sidePrice(MarketEvents.BUY, 10250) + " 100 0",
                "1000 0 17 5002 " + MarketEvents.sidePrice(MarketEvents.SELL, 10260) + " 80 30000",
                "1003 2 17 9001 " + MarketEvents.sidePrice(MarketEvents.SELL, 10200) + " 50 " + MarketEvents.FLAG_LIMIT,
                "1003 2 17 9002 " + MarketEvents.sidePrice(MarketEvents.BUY, 0) + " 50 0",
                "1010 1 17 5001 0 0 0",
                "1012 3 17 5002 10255 60 0"), readAll(feed), "every input line of the example, none malformed");
            assertEquals(0, feed.malformed());
        }
    }

    @Test
    void shouldSkipAnEmptyFirstLineAndLinesOfOnlySpacesAndTabs() throws IOException
    {
        try (MarketFeedFile feed = MarketFeedFile.open(write("\n   \t \n10,cancel,1,1\n\t\n \r\n20,cancel,1,2\n  "),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("10 1 1 1 0 0 0", "20 1 1 2 0 0 0"), readAll(feed));
            assertEquals(7, feed.lines());
            assertEquals(0, feed.malformed());
        }
        final Path bomOnly = dir.resolve("bom-only.csv");
        Files.write(bomOnly, new byte[] {(byte)0xEF, (byte)0xBB, (byte)0xBF, '\n', '1', '0', ',', '1', ',', '1', ',', '1',
            '\n'});
        try (MarketFeedFile feed = MarketFeedFile.open(bomOnly, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("10 1 1 1 0 0 0"), readAll(feed), "a first line of only a byte order mark is blank");
        }
    }

    @Test
    void shouldReadTypesAndSidesGivenByTheirNumbersAndPricesAtBothEndsOf32Bits() throws IOException
    {
        // types add, cancel, execute, replace are 0 to 3; sides buy and sell are 0 and 1
        final Path file = write("10,0,1,2,0,2147483647,5\n11,2,1,3,1,-2147483648,5\n12,3,1,2,-2147483648,6\n" +
            "13,1,1,2\n");

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of(
                "10 0 1 2 " + MarketEvents.sidePrice(MarketEvents.BUY, Integer.MAX_VALUE) + " 5 0",
                "11 2 1 3 " + MarketEvents.sidePrice(MarketEvents.SELL, Integer.MIN_VALUE) + " 5 " +
                    MarketEvents.FLAG_LIMIT,
                "12 3 1 2 " + Integer.MIN_VALUE + " 6 0",
                "13 1 1 2 0 0 0"), readAll(feed));
        }
    }

    @Test
    void shouldReadBackTheSyntheticFlowItWritesInputForInput() throws IOException
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig().seed(9).instrumentCount(64));
        final MarketInput input = new MarketInput();
        final List<String> written = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60_000; i++) // about 2 MB: many 64 KiB reads, lines cut at every read boundary
        {
            flow.next(input);
            written.add(describe(input));
            MarketFeedFile.appendLine(input, text).append('\n');
        }
        final Path file = write(text.toString());

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(written, readAll(feed));
        }
        final List<String> types = written.stream().map((w) -> w.split(" ")[1]).distinct().sorted().toList();
        assertEquals(List.of("0", "1", "2", "3"), types, "every feed input type was written");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "time not a number   | 1x,add,1,2,buy,100,5                | field 1 (time) \"1x\" is not an integer",
        "time goes back      | 1,add,1,2,buy,100,5                 | field 1 (time) \"1\" is before the previous input's time, 10 (a feed is in time order)",
        "negative time       | -4,cancel,1,2                       | field 1 (time) \"-4\" is negative",
        "unknown type        | 10,trade,1,2                        | field 2 (type) \"trade\" is not add, cancel, execute or replace",
        "internal type       | 10,expire,1,2                       | field 2 (type) \"expire\" is one of the model's own timers, not a feed input",
        "missing field       | 10,add,1,2,buy,100                  | an add has 7 or 8 fields (time,add,instrument,order,side,price,quantity[,time_in_force]), found 6",
        "extra field         | 10,cancel,1,2,3                     | a cancel has 4 fields (time,cancel,instrument,order), found 5",
        "bad side            | 10,add,1,2,up,100,5                 | field 5 (side) \"up\" is not buy or sell",
        "price beyond 32 bit | 10,replace,1,2,5000000000,5         | field 5 (price) \"5000000000\" does not fit in 32 bits",
        "empty field         | 10,add,1,,buy,100,5                 | field 4 (order) is empty",
        "too many fields     | 10,add,1,2,buy,100,5,0,9            | more than 8 fields",
        "one field           | 10                                  | one field only",
        "beyond 64 bits      | 10,cancel,1,99999999999999999999    | field 4 (order) \"99999999999999999999\" does not fit in 64 bits",
        "price under 32 bit  | 10,replace,1,2,-2147483649,5        | field 5 (price) \"-2147483649\" does not fit in 32 bits",
        "type number over 3  | 10,4,1,2                            | field 2 (type) \"4\" is not add, cancel, execute or replace",
        "type of two digits  | 10,01,1,2                           | field 2 (type) \"01\" is not add, cancel, execute or replace",
        "two fields          | 10,cancel                           | a cancel has 4 fields (time,cancel,instrument,order), found 2",
        "blank first field   | '  ,cancel,1,2'                     | field 1 (time) is empty",
        "blank last field    | '10,cancel,1, '                     | field 4 (order) is empty",
        "space and tilde     | 10,add,1,2,b u~y,100,5              | field 5 (side) \"b u~y\" is not buy or sell",
    })
    void shouldStopAtAMalformedLineNamingFileLineAndProblemAfterTheInputsBeforeIt(
        final String name, final String line, final String problem) throws IOException
    {
        final Path file = write("10,add,1,1,buy,100,5\n# then the bad line\n" + line + "\n10,cancel,1,1\n");

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final MarketInput input = new MarketInput();
            assertTrue(feed.next(input));
            assertEquals("10 0 1 1 " + MarketEvents.sidePrice(MarketEvents.BUY, 100) + " 5 0", describe(input));
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(input));
            assertEquals(file.toString(), ex.feed());
            assertEquals(3, ex.line());
            assertTrue(ex.problem().startsWith(problem), ex.problem());
            assertEquals(file + ":3: " + ex.problem(), ex.getMessage());
        }
    }

    @Test
    void shouldReadIdsAtBothEndsOfTheLongRangeAsAppendLineWritesThem() throws IOException
    {
        final MarketInput min = new MarketInput();
        min.set(MarketEvents.CANCEL, Long.MIN_VALUE, Long.MIN_VALUE, 0, 0, 0, 10);
        final MarketInput max = new MarketInput();
        max.set(MarketEvents.REPLACE, Long.MAX_VALUE, Long.MAX_VALUE, 7, Long.MIN_VALUE, 0, 20);
        final StringBuilder text = new StringBuilder();
        MarketFeedFile.appendLine(min, text).append('\n');
        MarketFeedFile.appendLine(max, text).append('\n');
        text.append("25,cancel,-1000000000000000000,-1000000000000000001\n"); // 19 digits and more: checked digit by digit
        text.append("30,cancel,1,-9223372036854775809\n");

        try (MarketFeedFile feed = MarketFeedFile.open(write(text.toString()), MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final MarketInput input = new MarketInput();
            assertTrue(feed.next(input));
            assertEquals(describe(min), describe(input));
            assertTrue(feed.next(input));
            assertEquals(describe(max), describe(input));
            assertTrue(feed.next(input));
            assertEquals("25 1 -1000000000000000000 -1000000000000000001 0 0 0", describe(input));
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(input));
            assertEquals("field 4 (order) \"-9223372036854775809\" does not fit in 64 bits", ex.problem());
        }
    }

    @Test
    void shouldEscapeControlAndNonAsciiBytesOfAMalformedFieldInItsMessage() throws IOException
    {
        final Path file = dir.resolve("binary.csv");
        Files.write(file, new byte[] {'1', '0', ',', 'c', 'a', 'n', 'c', 'e', 'l', ',', '1', ',', 0, (byte)0xff, '7', '\r',
            '\r', '\n'});

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals("field 4 (order) \"\\x00\\xff7\\r\" is not an integer; the line holds NUL bytes: the feed " +
                "appears to be UTF-16 text (as some Windows tools save it) or binary, and a feed is ASCII text: " +
                "convert it, e.g. iconv -f UTF-16 -t UTF-8", ex.problem());
        }
    }

    @Test
    void shouldKeepTheFilesPathAsItIsInItsMessagesForThePrinterToEscape() throws IOException
    {
        // a Linux file name may hold a line feed or an escape sequence: whoever prints the message for a person
        // escapes it (JsonErrorTest), and a JSON object carries it as it is, so the message must not escape it first
        final Path file = Files.writeString(dir.resolve("a\nFORGED\u001b[2K.csv"), "10,cancel,1,x\n");

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals(file + ":1: field 4 (order) \"x\" is not an integer", ex.getMessage());
            assertEquals(file.toString(), ex.feed(), "the path itself, for a caller that opens it");
        }
        final IOException missing = assertThrows(IOException.class, () -> MarketFeedFile.open(
            dir.resolve("b\rc.csv"), MarketFeedFile.OnError.STOP, (m) -> { }));
        assertEquals(dir + "/b\rc.csv does not exist", missing.getMessage());
    }

    @Test
    void shouldRefuseAControlByteAsASideRatherThanTakeItForADigit() throws IOException
    {
        // 0x10 and 0x11 are '0' and '1' without bit 0x20: case folding is for letters only
        final Path file = dir.resolve("control-side.csv");
        Files.write(file, new byte[] {'1', '0', ',', 'a', 'd', 'd', ',', '1', ',', '2', ',', 0x10, ',', '9', ',', '5',
            '\n'});

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals("field 5 (side) \"\\x10\" is not buy or sell", ex.problem());
        }
        try (MarketFeedFile feed = MarketFeedFile.open(write("10,add,1,2,1,9,5\n10,add,1,3,B,9,5\n"),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("10 0 1 2 " + MarketEvents.sidePrice(MarketEvents.SELL, 9) + " 5 0",
                "10 0 1 3 " + MarketEvents.sidePrice(MarketEvents.BUY, 9) + " 5 0"), readAll(feed));
        }
    }

    @Test
    void shouldRefuseALineLongerThanTheLimitAndSkipPastItWhenSkipping() throws IOException
    {
        final String longLine = "10,cancel,1," + "7".repeat(MarketFeedFile.MAX_LINE_BYTES);
        final Path file = write("10,cancel,1,1\n" + longLine + "\n20,cancel,1,2\n" + longLine);

        assertStopsAtALineOverTheLimit(file);
        final List<String> reports = new ArrayList<>();
        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.SKIP, reports::add))
        {
            assertEquals(List.of("10 1 1 1 0 0 0", "20 1 1 2 0 0 0"), readAll(feed));
            assertEquals(2, feed.malformed());
            assertEquals(4, feed.lines());
        }
        assertEquals(List.of(file + ":2: line longer than 4096 bytes (skipped)",
            file + ":4: line longer than 4096 bytes (skipped)"), reports);
    }

    @Test
    void shouldRefuseALastLineOneByteOverTheLimitWithoutALineEnd() throws IOException
    {
        // MAX_LINE_BYTES + 1 bytes is still short enough to be a line of the limit waiting for its CR LF; when the
        // file ends there instead, it is a line over the limit like any other
        final String line = "10,cancel,1,1";
        final String over = line + " ".repeat(MarketFeedFile.MAX_LINE_BYTES + 1 - line.length());
        final Path file = write("5,cancel,1,0\n" + over);

        assertStopsAtALineOverTheLimit(file);
        try (MarketFeedFile feed = MarketFeedFile.open(write("5,cancel,1,0\n" + over.substring(0, over.length() - 1)),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("5 1 1 0 0 0 0", "10 1 1 1 0 0 0"), readAll(feed),
                "a last line of the limit without a line end is read");
        }
    }

    /** Read under STOP, {@code file}'s first line is read and its second refused as over the length limit. */
    private static void assertStopsAtALineOverTheLimit(final Path file) throws IOException
    {
        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final MarketInput input = new MarketInput();
            assertTrue(feed.next(input));
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(input));
            assertEquals(2, ex.line());
            assertEquals("line longer than " + MarketFeedFile.MAX_LINE_BYTES + " bytes", ex.problem());
        }
    }

    @Test
    void shouldTakeALineOfTheLimitEndedByCrLfAsByLfAndSkipAByteOrderMark() throws IOException
    {
        // a line of exactly MAX_LINE_BYTES, spaces padding its last field, then CRLF; a BOM before the header
        final String line = "10,cancel,1,1";
        final String full = line + " ".repeat(MarketFeedFile.MAX_LINE_BYTES - line.length());
        final Path file = dir.resolve("crlf.csv");
        final byte[] text = ("time,type,instrument,id\r\n" + full + "\r\n20,cancel,1,2\r\n")
            .getBytes(StandardCharsets.UTF_8);
        final byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte)0xEF;
        withBom[1] = (byte)0xBB;
        withBom[2] = (byte)0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Files.write(file, withBom);

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("10 1 1 1 0 0 0", "20 1 1 2 0 0 0"), readAll(feed));
            assertEquals(0, feed.malformed());
        }
        final Path longer = write(full + " \r\n");
        try (MarketFeedFile feed = MarketFeedFile.open(longer, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals("line longer than " + MarketFeedFile.MAX_LINE_BYTES + " bytes", ex.problem());
        }
    }

    @Test
    void shouldSayALongLineOfCarriageReturnsWithoutLineFeedsLooksLikeCrOnlyLineEnds() throws IOException
    {
        // a file whose lines end in CR alone (classic Mac OS) has no line end this reader knows: one overlong line 1
        final StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() <= MarketFeedFile.MAX_LINE_BYTES; i++)
        {
            text.append(10 + i).append(",cancel,1,").append(i).append('\r');
        }
        final Path file = write(text.toString());

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals(1, ex.line());
            assertEquals("line longer than " + MarketFeedFile.MAX_LINE_BYTES + " bytes" + CR_ONLY, ex.problem());
        }
    }

    @Test
    void shouldSayAMalformedLineHoldingACarriageReturnWithoutALineFeedLooksLikeCrOnlyLineEnds() throws IOException
    {
        // a short file of CR-ended lines is one line whose fields run into each other
        try (MarketFeedFile feed = MarketFeedFile.open(write("10,cancel,1,1\r20,cancel,1,2\r"),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals("a cancel has 4 fields (time,cancel,instrument,order), found 7" + CR_ONLY, ex.problem());
        }
        try (MarketFeedFile feed = MarketFeedFile.open(write("10,cancel,1,1\r\n20,cancel,1,x\r\n"),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () ->
            {
                final MarketInput input = new MarketInput();
                feed.next(input);
                feed.next(input);
            });
            assertEquals("field 4 (order) \"x\" is not an integer", ex.problem(), "a CRLF line end is no hint");
        }
    }

    @Test
    void shouldRefuseACommentOrHeaderLineHoldingCrOnlyLineEndsRatherThanSkipTheFeedWithIt() throws IOException
    {
        // a short file of CR-ended lines is one line: skipped as a comment or the header, it ran no input, exit 0
        final String inputs = "10,cancel,1,1\r20,cancel,1,2\r";
        try (MarketFeedFile feed = MarketFeedFile.open(write("# orders\r" + inputs), MarketFeedFile.OnError.STOP,
            (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals(1, ex.line());
            assertEquals("a comment line (#) that would skip the lines after it" + CR_ONLY, ex.problem());
        }
        try (MarketFeedFile feed = MarketFeedFile.open(write("time,type\r" + inputs), MarketFeedFile.OnError.STOP,
            (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals("a header line (time,...) that would skip the lines after it" + CR_ONLY, ex.problem());
        }
        try (MarketFeedFile feed = MarketFeedFile.open(write("# a\r\r\ntime,type\r\n#\r\n10,cancel,1,1\r\n"),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("10 1 1 1 0 0 0"), readAll(feed), "a CRLF or CR CR LF line end is no hint");
        }
        try (MarketFeedFile feed = MarketFeedFile.open(write("# a stray \r in a comment\ntime,\rtype\n10,cancel,1,1\n"),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("10 1 1 1 0 0 0"), readAll(feed), "a line that a line feed ends is an LF feed's line");
        }
    }

    @Test
    void shouldSayAFeedOfUtf16TextIsNotAsciiRatherThanThatItsLinesEndInCrAlone() throws IOException
    {
        // UTF-16's CRLF is CR NUL LF NUL: the CR followed by a NUL was taken for a CR-only line end, and the advice
        // to convert the line ends could not help
        final String nul = "; the line holds NUL bytes: the feed appears to be UTF-16 text (as some Windows tools " +
            "save it) or binary, and a feed is ASCII text: convert it, e.g. iconv -f UTF-16 -t UTF-8";
        final Path file = dir.resolve("utf16.csv");
        Files.write(file, "# exported\r\n10,cancel,1,1\r\n".getBytes(StandardCharsets.UTF_16LE));
        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals(2, ex.line(), "the comment line is skipped, as before");
            assertTrue(ex.problem().endsWith(nul), ex.problem());
        }
        Files.write(file, "time,type\r\n10,cancel,1,1\r\n".getBytes(StandardCharsets.UTF_16));
        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(new MarketInput()));
            assertEquals(1, ex.line());
            assertTrue(ex.problem().endsWith(nul), ex.problem());
        }
    }

    @Test
    void shouldSkipAndCountMalformedLinesReportingTheFirstTen() throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20; i++)
        {
            text.append(i % 4 == 0 ? i + ",cancel,1," + i + "\n" : i + ",cancel,x,1\n");
        }
        final Path file = write(text.toString());
        final List<String> reports = new ArrayList<>();

        try (MarketFeedFile feed = MarketFeedFile.open(file, MarketFeedFile.OnError.SKIP, reports::add))
        {
            assertEquals(List.of("4 1 1 4 0 0 0", "8 1 1 8 0 0 0", "12 1 1 12 0 0 0", "16 1 1 16 0 0 0",
                "20 1 1 20 0 0 0"), readAll(feed));
            assertEquals(15, feed.malformed());
            assertEquals(20, feed.lines());
        }
        assertEquals(MarketFeedFile.REPORTED_MALFORMED + 1, reports.size());
        assertEquals(file + ":1: field 3 (instrument) \"x\" is not an integer (skipped)", reports.get(0));
        assertEquals(file + ": more malformed lines; they are skipped and counted, not shown", reports.get(10));
    }

    @Test
    void shouldReadAStreamAsItsLinesArriveAndEndWithIt() throws Exception
    {
        final Pipe pipe = Pipe.open();
        final List<String> read = new ArrayList<>();
        final Thread reader = new Thread(() ->
        {
            try (MarketFeedFile feed = MarketFeedFile.of("stdin", pipe.source(), MarketFeedFile.OnError.STOP,
                (m) -> { }))
            {
                read.addAll(readAll(feed));
            }
        });
        reader.start();
        // lines cut anywhere, arriving in pieces with pauses: the reader waits for each line's end
        for (final String piece : List.of("10,cancel,1,", "1\n20,canc", "el,1,2\n", "30,cancel,1,3"))
        {
            pipe.sink().write(ByteBuffer.wrap(piece.getBytes(StandardCharsets.US_ASCII)));
            Thread.sleep(50);
        }
        assertTrue(reader.isAlive(), "waiting for more input");
        pipe.sink().close();
        reader.join(10_000);

        assertEquals(List.of("10 1 1 1 0 0 0", "20 1 1 2 0 0 0", "30 1 1 3 0 0 0"), read);
    }

    @Test
    void shouldTakeAReadOfNoBytesForNoneYetRatherThanTheEndAndCloseItsChannelWhenClosed()
    {
        // a non-blocking channel may read no bytes; only -1 is the end of the stream
        final Pieces channel = new Pieces("10,cancel,1,1\n", "", "20,cancel,", "", "1,2\n");
        final MarketFeedFile feed = MarketFeedFile.of("upstream", channel, MarketFeedFile.OnError.STOP, (m) -> { });

        assertEquals(List.of("10 1 1 1 0 0 0", "20 1 1 2 0 0 0"), readAll(feed));
        assertTrue(channel.isOpen(), "the end of the stream leaves the channel to close()");
        feed.close();
        assertFalse(channel.isOpen(), "closing the feed closes its channel");
    }

    @Test
    void shouldRefuseALineOfAStreamAsSoonAsItIsOverTheLimitWithoutWaitingForItsEnd()
    {
        final Pieces channel = new Pieces(
            "10,cancel,1,1\n20,cancel,1," + "7".repeat(MarketFeedFile.MAX_LINE_BYTES), "\n30,cancel,1,3\n");

        try (MarketFeedFile feed = MarketFeedFile.of("upstream", channel, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final MarketInput input = new MarketInput();
            assertTrue(feed.next(input));
            final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(input));
            assertEquals("upstream:2: line longer than " + MarketFeedFile.MAX_LINE_BYTES + " bytes", ex.getMessage());
            assertEquals(1, channel.left.size(), "refused before its line end was read");
        }
    }

    @Test
    void shouldReadALineOfTheLimitWhoseCarriageReturnArrivesWithoutItsLineFeedYetOrAtTheStreamsEnd()
    {
        // a line of the limit and a CR is MAX_LINE_BYTES + 1 bytes: it may be a CRLF line end still arriving
        final String line = "10,cancel,1,1";
        final String full = line + " ".repeat(MarketFeedFile.MAX_LINE_BYTES - line.length());
        try (MarketFeedFile feed = MarketFeedFile.of("upstream", new Pieces(full + "\r", "\n20,cancel,1,2\n"),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("10 1 1 1 0 0 0", "20 1 1 2 0 0 0"), readAll(feed));
        }
        try (MarketFeedFile feed = MarketFeedFile.of("upstream", new Pieces("5,cancel,1,0\n", full + "\r"),
            MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            assertEquals(List.of("5 1 1 0 0 0 0", "10 1 1 1 0 0 0"), readAll(feed),
                "a last line of the limit and a CR the stream ended after");
        }
    }

    /** A stream that gives one of its pieces a read (an empty piece reads no bytes), then ends. */
    private static final class Pieces implements ReadableByteChannel
    {
        final List<String> left;
        private boolean open = true;

        Pieces(final String... pieces)
        {
            left = new ArrayList<>(List.of(pieces));
        }

        @Override
        public int read(final ByteBuffer into)
        {
            if (left.isEmpty())
            {
                return -1;
            }
            final byte[] piece = left.remove(0).getBytes(StandardCharsets.US_ASCII);
            into.put(piece);
            return piece.length;
        }

        @Override
        public boolean isOpen()
        {
            return open;
        }

        @Override
        public void close()
        {
            open = false;
        }
    }

    @Test
    void shouldReleaseAReaderWaitingOnAStreamWhenItsThreadIsInterrupted() throws Exception
    {
        final Pipe pipe = Pipe.open();
        assertReleasedByAnInterrupt(MarketFeedFile.of("stdin", pipe.source(), MarketFeedFile.OnError.STOP, (m) -> { }));
        pipe.sink().close();
    }

    @Test
    void shouldOpenANamedPipeWithoutWaitingForItsWriterAndReleaseAReadWaitingForOneByAnInterrupt() throws Exception
    {
        final Path fifo = namedPipe();
        final CountDownLatch opened = new CountDownLatch(1);
        final Throwable[] thrown = new Throwable[1];
        final Thread reader = new Thread(() ->
        {
            try (MarketFeedFile feed = MarketFeedFile.open(fifo, MarketFeedFile.OnError.STOP, (m) -> { }))
            {
                opened.countDown();
                feed.next(new MarketInput()); // waits for a writer, which never comes
            }
            catch (final IOException | RuntimeException ex)
            {
                thrown[0] = ex;
            }
        });
        reader.start();
        final boolean openReturned = opened.await(60, TimeUnit.SECONDS);
        reader.interrupt();
        reader.join(60_000);
        final boolean released = !reader.isAlive();
        if (!released)
        {
            Files.newOutputStream(fifo).close(); // what the open waits for
            reader.join();
        }

        assertTrue(openReturned, "opening a named pipe does not wait for its writer");
        assertTrue(released, "an interrupt releases a read waiting for the pipe's writer");
        assertTrue(thrown[0] instanceof UncheckedIOException, String.valueOf(thrown[0]));
        assertTrue(thrown[0].getCause() instanceof ClosedByInterruptException, String.valueOf(thrown[0].getCause()));
    }

    /** A named pipe read as a feed is closed with the feed: a write of its writer after that fails (no reader). */
    @Test
    void shouldCloseANamedPipeWithTheFeed() throws Exception
    {
        final Path fifo = namedPipe();
        final CountDownLatch closed = new CountDownLatch(1);
        final Throwable[] thrown = new Throwable[1];
        final Thread writer = new Thread(() ->
        {
            try (OutputStream out = Files.newOutputStream(fifo)) // waits for the feed's first read to open the pipe
            {
                out.write("10,cancel,1,1\n20,cancel,1,2\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                closed.await(60, TimeUnit.SECONDS);
                out.write("30,cancel,1,3\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            catch (final IOException | InterruptedException ex)
            {
                thrown[0] = ex;
            }
        });
        writer.start();
        try (MarketFeedFile feed = MarketFeedFile.open(fifo, MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final MarketInput input = new MarketInput();
            assertTrue(feed.next(input));
            assertEquals(10, input.feedTime());
            assertTrue(feed.next(input));
            assertEquals(20, input.feedTime());
        }
        finally
        {
            closed.countDown();
        }
        writer.join(60_000);

        assertFalse(writer.isAlive());
        assertTrue(thrown[0] instanceof IOException, "a write to the pipe the feed closed: " + thrown[0]);
    }

    /** A named pipe (FIFO) {@code feed.fifo} in the test's directory. */
    private Path namedPipe() throws IOException, InterruptedException
    {
        final Path fifo = dir.resolve("feed.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        return fifo;
    }

    /**
     * Wait in {@code feed.next} on a thread of its own, interrupt it, and check the wait ends with the channel closed
     * by the interrupt; the feed is closed on that thread.
     */
    static void assertReleasedByAnInterrupt(final MarketFeedFile feed) throws InterruptedException
    {
        final Throwable[] thrown = new Throwable[1];
        final Thread reader = new Thread(() ->
        {
            try (feed)
            {
                feed.next(new MarketInput());
            }
            catch (final RuntimeException ex)
            {
                thrown[0] = ex;
            }
        });
        reader.start();
        Thread.sleep(200);
        reader.interrupt();
        reader.join(10_000);

        assertFalse(reader.isAlive());
        assertTrue(thrown[0] instanceof UncheckedIOException, String.valueOf(thrown[0]));
        assertTrue(thrown[0].getCause() instanceof ClosedByInterruptException, String.valueOf(thrown[0].getCause()));
    }

    @Test
    void shouldEndAnEmptyFileAtOnceAndRefuseAMissingOne() throws IOException
    {
        try (MarketFeedFile feed = MarketFeedFile.open(write("# nothing yet\n"), MarketFeedFile.OnError.STOP,
            (m) -> { }))
        {
            assertFalse(feed.next(new MarketInput()));
        }
        final IOException ex = assertThrows(IOException.class,
            () -> MarketFeedFile.open(dir.resolve("none.csv"), MarketFeedFile.OnError.STOP, (m) -> { }));
        assertEquals(dir.resolve("none.csv") + " does not exist", ex.getMessage());
        assertThrows(IOException.class, () -> MarketFeedFile.open(dir, MarketFeedFile.OnError.STOP, (m) -> { }));
    }

    @Test
    void shouldCountTheReadsOfItsChannel() throws Exception
    {
        final Pipe pipe = Pipe.open();
        try (MarketFeedFile file = MarketFeedFile.of("stdin", pipe.source(), MarketFeedFile.OnError.STOP, (m) -> { }))
        {
            final MarketInput input = new MarketInput();
            assertEquals(0, file.reads());
            pipe.sink().write(ByteBuffer.wrap("10,cancel,1,1\n11,cancel,1,2\n".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(file.next(input));
            final long afterFirst = file.reads();
            assertTrue(afterFirst >= 1, "a read for the first line: " + afterFirst);
            assertTrue(file.next(input));
            assertEquals(afterFirst, file.reads(), "the second line was in the bytes read with the first");
            pipe.sink().close();
            assertFalse(file.next(input));
            assertTrue(file.reads() > afterFirst, "a read found the end: " + file.reads());
        }
    }
}
