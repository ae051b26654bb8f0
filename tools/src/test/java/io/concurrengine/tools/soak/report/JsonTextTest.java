package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTextTest
{
    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters()
    {
        final StringBuilder out = new StringBuilder();

        JsonText.appendString(out, "a\"b\\c\nd\te\u0001f\u2028");

        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028\"", out.toString());
    }

    @Test
    void shouldEscapeAnUnpairedSurrogateButNotAPair()
    {
        final StringBuilder out = new StringBuilder();

        JsonText.appendString(out, "\ud83d\ude00 \ud83d");

        assertEquals("\"\ud83d\ude00 \\ud83d\"", out.toString());
    }

    @Test
    void shouldWriteDecimalsPlainAndRounded()
    {
        assertEquals("3600", JsonText.decimal(3600.0));
        assertEquals("0.1", JsonText.decimal(0.1));
        assertEquals("10000000000000000000", JsonText.decimal(1e19));
        assertEquals("0.333333", JsonText.decimal(1.0 / 3));
        assertEquals("0.000001", JsonText.decimal(1e-6));
        assertEquals("0", JsonText.decimal(-0.0));
        assertEquals("null", JsonText.decimal(Double.NaN));
    }

    @Test
    void shouldWriteAParseableNestedDocument()
    {
        final String json = new JsonText().beginObject()
            .member("text", "x\"y")
            .member("list", List.of("a", "b"))
            .beginObject("inner").member("n", 3L).member("ok", true).endObject()
            .beginObject("empty").endObject()
            .endObject().toString();

        assertEquals(Map.of("text", "x\"y", "list", List.of("a", "b"),
            "inner", Map.of("n", new BigDecimal(3), "ok", true), "empty", Map.of()), MiniJson.parse(json));
    }

    @Test
    void shouldRejectAnUnbalancedDocument()
    {
        assertThrows(IllegalStateException.class, () -> new JsonText().beginObject().toString());
    }
}
