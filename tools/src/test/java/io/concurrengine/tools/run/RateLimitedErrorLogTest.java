package io.concurrengine.tools.run;

import io.concurrengine.core.event.Event;
import io.concurrengine.pipeline.HandlerFailedException;
import io.concurrengine.pipeline.JournalBackgroundWarning;
import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitedErrorLogTest
{
    @Test
    void shouldWriteEachErrorAsOneJsonLineWhateverItsMessageHolds()
    {
        final StringWriter text = new StringWriter();
        final RateLimitedErrorLog log = new RateLimitedErrorLog(new PrintWriter(text));
        final Instant before = Instant.now();
        log.onError(new IllegalStateException("handler failed on \"order 7\"\n\tat line 2 \\ tab\u0001"));
        log.onError(new NullPointerException());

        final List<String> lines = text.toString().lines().toList();
        assertEquals(2, lines.size(), text.toString());
        final Map<String, Object> first = MiniJson.object(MiniJson.parse(lines.get(0)));
        assertEquals("ERROR", first.get("level"));
        assertEquals(1L, ((Number)first.get("count")).longValue());
        assertEquals("IllegalStateException", first.get("error"));
        assertEquals("handler failed on \"order 7\"\n\tat line 2 \\ tab\u0001", first.get("message"));
        final Instant time = Instant.parse((String)first.get("time"));
        assertEquals(false, time.isBefore(before), time + " before " + before);
        final Map<String, Object> second = MiniJson.object(MiniJson.parse(lines.get(1)));
        assertEquals("NullPointerException", second.get("error"));
        assertNull(second.get("message"));
        assertEquals(true, second.containsKey("message"));
    }

    @Test
    void shouldWriteEachLineInPrintableAsciiWhateverTheMessageHolds()
    {
        final StringWriter text = new StringWriter();
        final RateLimitedErrorLog log = new RateLimitedErrorLog(new PrintWriter(text));
        final String message = "journal j\u009b2K/shard-0 \u007f caf\u00e9 \u202e";

        log.onError(new IllegalStateException(message));

        final String line = text.toString().lines().findFirst().orElseThrow();
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7F), line); // a C1 CSI, DEL or override is escaped
        assertEquals(message, MiniJson.object(MiniJson.parse(line)).get("message"));
    }

    @Test
    void shouldNameTheShardAndCauseOfAHandlersFailureAndLogAWorkedAroundJournalProblemAsAWarning()
    {
        final StringWriter text = new StringWriter();
        final RateLimitedErrorLog log = new RateLimitedErrorLog(new PrintWriter(text));
        log.onError(new HandlerFailedException(1, new Event().set(5, 7, 2, 11, 0, 0, 0, 0),
            new ArithmeticException("/ by zero")));
        log.onError(new JournalBackgroundWarning(0, new IOException("pre-fault failed")));

        final List<String> lines = text.toString().lines().toList();
        final Map<String, Object> failed = MiniJson.object(MiniJson.parse(lines.get(0)));
        assertEquals("ERROR", failed.get("level"));
        assertEquals("HandlerFailedException", failed.get("error"));
        assertEquals(1L, ((Number)failed.get("shard")).longValue());
        assertEquals("java.lang.ArithmeticException", failed.get("cause"));
        final Map<String, Object> warning = MiniJson.object(MiniJson.parse(lines.get(1)));
        assertEquals("WARN", warning.get("level"));
        assertEquals(0L, ((Number)warning.get("shard")).longValue());
        assertEquals(false, warning.containsKey("cause"));
    }

    @Test
    void shouldWriteTheFirstTwentyThenOneInAThousand()
    {
        final StringWriter text = new StringWriter();
        final RateLimitedErrorLog log = new RateLimitedErrorLog(new PrintWriter(text));
        for (int i = 0; i < 2_500; i++)
        {
            log.onError(new IllegalStateException("e" + i));
        }
        final List<Long> counts = text.toString().lines()
            .map(line -> ((Number)MiniJson.object(MiniJson.parse(line)).get("count")).longValue()).toList();
        assertEquals(22, counts.size());
        assertEquals(20L, counts.get(19));
        assertEquals(List.of(1_000L, 2_000L), counts.subList(20, 22));
    }
}
