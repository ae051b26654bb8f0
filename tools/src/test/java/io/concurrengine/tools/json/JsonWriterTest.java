package io.concurrengine.tools.json;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonWriterTest
{
    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters()
    {
        final String json = new JsonWriter().beginObject().name("k").value("a\"b\\c\nd\te\u0001f").endObject()
            .toString();

        assertEquals("{\"k\":\"a\\\"b\\\\c\\nd\\te\\u0001f\"}", json);
        assertEquals("a\"b\\c\nd\te\u0001f", MiniJson.object(MiniJson.parse(json)).get("k"));
    }

    @Test
    void shouldWriteDoublesThatRoundTripExactly()
    {
        final double value = 0.1 + 0.2;
        final String json = new JsonWriter().beginArray().value(value).value(1e300).value(-0.0).endArray().toString();

        final List<Object> parsed = MiniJson.array(MiniJson.parse(json));
        assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits((Double)parsed.get(0)));
        assertEquals(1e300, parsed.get(1));
    }

    @Test
    void shouldWriteNonFiniteDoublesAsNull()
    {
        assertEquals("[null,null]", new JsonWriter().beginArray().value(Double.NaN)
            .value(Double.POSITIVE_INFINITY).endArray().toString());
    }

    @Test
    void shouldSeparateMembersAndElementsWithCommas()
    {
        final String json = new JsonWriter().beginObject()
            .name("a").value(1)
            .name("b").beginArray().value(true).value("x").beginObject().endObject().endArray()
            .name("c").value((String)null)
            .endObject().toString();

        assertEquals("{\"a\":1,\"b\":[true,\"x\",{}],\"c\":null}", json);
        final Map<String, Object> parsed = MiniJson.object(MiniJson.parse(json));
        assertEquals(3, parsed.size());
    }

    @Test
    void shouldRejectValueWithoutNameInsideObject()
    {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
    }

    @Test
    void shouldRejectUnclosedDocument()
    {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
    }

    @Test
    void shouldEscapeLineSeparatorsAndControlCharactersAsUnicode()
    {
        final String json = new JsonWriter().value("a\"b\\c\nd\te\u0001f\u2028").toString();

        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u2028\"", json);
    }

    @Test
    void shouldEscapeEveryCharacterBeyondAsciiWhenAsciiOnly()
    {
        final String text = "a\u007f\u00e9\u2603\ud83d\ude00\"\n~";
        final String json = new JsonWriter().asciiOnly().beginObject().name("k\u00e9").value(text).endObject()
            .toString();

        assertEquals("{\"k\\u00e9\":\"a\\u007f\\u00e9\\u2603\\ud83d\\ude00\\\"\\n~\"}", json);
        assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7F), json);
        assertEquals(text, MiniJson.object(MiniJson.parse(json)).get("k\u00e9"));
        assertEquals("\"\u00e9\"", new JsonWriter().value("\u00e9").toString(), "by default as it is");
    }

    @Test
    void shouldEscapeAnUnpairedSurrogateButNotAPair()
    {
        assertEquals("\"\ud83d\ude00 \\ud83d\"", new JsonWriter().value("\ud83d\ude00 \ud83d").toString());
    }

    @Test
    void shouldWriteDecimalsPlainAndRoundedToFractionDigits()
    {
        assertEquals("3600", decimal(3600.0));
        assertEquals("0.1", decimal(0.1));
        assertEquals("10000000000000000000", decimal(1e19));
        assertEquals("0.333333", decimal(1.0 / 3));
        assertEquals("0.000001", decimal(1e-6));
        assertEquals("0", decimal(-0.0));
        assertEquals("null", decimal(Double.NaN));
    }

    @Test
    void shouldWriteDecimalsRoundedToSignificantDigits()
    {
        final String json = new JsonWriter().significantDigits(6).beginArray()
            .value(1234567.0).value(0.00012345678).value(2.5).value(1e-9).endArray().toString();

        assertEquals("[1234570,0.000123457,2.5,0.000000001]", json);
    }

    @Test
    void shouldRoundToWholeNumbersOrOneSignificantDigitAndRefuseFewer()
    {
        assertEquals("[2,4,-2,1234]", new JsonWriter().fractionDigits(0).beginArray()
            .value(2.5).value(3.5).value(-1.5).value(1234.5).endArray().toString(), "half-even");
        assertEquals("[300,0.1,-0.003]", new JsonWriter().significantDigits(1).beginArray()
            .value(250.0).value(0.15).value(-0.0025).endArray().toString(), "half-up of the exact binary value");
        assertThrows(IllegalArgumentException.class, () -> new JsonWriter().fractionDigits(-1));
        assertThrows(IllegalArgumentException.class, () -> new JsonWriter().significantDigits(0));
    }

    @Test
    void shouldRejectAnEndThatClosesNothingOrTheOtherKindOrFollowsAName()
    {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().endArray());
        assertEquals("unbalanced end of array", assertThrows(IllegalStateException.class,
            () -> new JsonWriter().beginObject().endArray()).getMessage());
        assertEquals("unbalanced end of object", assertThrows(IllegalStateException.class,
            () -> new JsonWriter().beginArray().endObject()).getMessage());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").endObject());
    }

    @Test
    void shouldWriteAParseablePrettyDocument()
    {
        final String json = JsonWriter.pretty().beginObject()
            .name("text").value("x\"y")
            .name("list").stringArray(List.of("a", "b"))
            .name("inner").beginObject().name("n").value(3L).name("ok").value(true).endObject()
            .name("empty").beginObject().endObject()
            .endObject().toString();

        assertEquals(Map.of("text", "x\"y", "list", List.of("a", "b"),
            "inner", Map.of("n", 3L, "ok", true), "empty", Map.of()), MiniJson.parse(json));
        assertEquals(String.join("\n",
            "{",
            "  \"text\": \"x\\\"y\",",
            "  \"list\": [\"a\", \"b\"],",
            "  \"inner\": {",
            "    \"n\": 3,",
            "    \"ok\": true",
            "  },",
            "  \"empty\": {}",
            "}",
            ""), json);
    }

    @Test
    void shouldWriteATreeOfMapsAndListsOneElementALine()
    {
        final Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("rate", 1.0 / 3);
        tree.put("count", 7);
        tree.put("runs", List.of(Map.of("ok", false), List.of()));
        tree.put("none", null);

        assertEquals(String.join("\n",
            "{",
            "  \"rate\": 0.333333,",
            "  \"count\": 7,",
            "  \"runs\": [",
            "    {",
            "      \"ok\": false",
            "    },",
            "    []",
            "  ],",
            "  \"none\": null",
            "}",
            ""), JsonWriter.pretty().significantDigits(6).tree(tree).toString());
    }

    @Test
    void shouldRejectAnUnbalancedPrettyDocument()
    {
        assertThrows(IllegalStateException.class, () -> JsonWriter.pretty().beginObject().toString());
    }

    private static String decimal(final double value)
    {
        final String json = new JsonWriter().fractionDigits(6).beginArray().value(value).endArray().toString();
        return json.substring(1, json.length() - 1);
    }
}
