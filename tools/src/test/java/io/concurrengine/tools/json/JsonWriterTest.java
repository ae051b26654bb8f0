package io.concurrengine.tools.json;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
