package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.concurrengine.tools.soak.report.SoakFixtures.cleanTotals;
import static io.concurrengine.tools.soak.report.SoakFixtures.histogram;
import static io.concurrengine.tools.soak.report.SoakFixtures.steadyRun;
import static io.concurrengine.tools.soak.report.SoakFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * summary.json against one an older release wrote (src/test/resources/io/concurrengine/tools/soak/report/golden/, whose
 * README says how): a reader of that layout finds every member it knew, of the same JSON kind, under the same
 * {@code formatVersion}. Removing, renaming or retyping a member needs a new {@link SoakSummary#FORMAT_VERSION} and a
 * fixture of the layout before it; adding one does not.
 */
class GoldenSoakSummaryTest
{
    private static final String FIRST_LAYOUT = "summary-1d86562.json";

    @Test
    void shouldWriteEveryMemberTheFirstLayoutHadOfTheSameKind() throws IOException
    {
        final Map<String, String> old = kinds(parse(resource(FIRST_LAYOUT)), "", new TreeMap<>());

        final SoakSummary summary = summary(steadyRun(60), cleanTotals(), histogram(1_000), List.of());
        final Map<String, String> today = kinds(parse(summary.toJson()), "", new TreeMap<>());

        assertEquals(39, old.size(), old.toString()); // the fixture is the whole of that layout
        for (final Map.Entry<String, String> member : old.entrySet())
        {
            assertEquals(member.getValue(), today.get(member.getKey()), member.getKey() + " in " + FIRST_LAYOUT);
        }
    }

    @Test
    void shouldKeepTheFormatVersionOfALayoutItOnlyAddedTo() throws IOException
    {
        final Map<String, Object> old = parse(resource(FIRST_LAYOUT));

        assertEquals(new BigDecimal(SoakSummary.FORMAT_VERSION), old.get("formatVersion"));
    }

    /** Each leaf member's path, e.g. {@code run.shards}, and JSON kind: number, string, boolean, array or null. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> kinds(final Object json, final String path, final Map<String, String> into)
    {
        if (json instanceof Map)
        {
            for (final Map.Entry<String, Object> member : ((Map<String, Object>)json).entrySet())
            {
                kinds(member.getValue(), path.isEmpty() ? member.getKey() : path + "." + member.getKey(), into);
            }
            return into;
        }
        into.put(path, null == json ? "null" : json instanceof BigDecimal ? "number" :
            json instanceof String ? "string" : json instanceof Boolean ? "boolean" :
            json instanceof List ? "array" : json.getClass().getName());
        return into;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(final String text)
    {
        final Object json = MiniJson.parse(text);
        assertTrue(json instanceof Map, text);
        return (Map<String, Object>)json;
    }

    private static String resource(final String name) throws IOException
    {
        try (InputStream stream = GoldenSoakSummaryTest.class.getResourceAsStream("golden/" + name))
        {
            assertNotNull(stream, "golden/" + name + " beside " + GoldenSoakSummaryTest.class.getName());
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
