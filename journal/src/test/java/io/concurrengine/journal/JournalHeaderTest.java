package io.concurrengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.concurrengine.journal.JournalDescriptor.MAX_STRING_LENGTH;
import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The identity a journal's header block carries: what {@link JournalHeader} accepts, every value of it at the bounds
 * of its fields read back as written, and the identity a reader can require of it.
 */
@Timeout(60)
class JournalHeaderTest
{
    @TempDir
    Path root;

    private static JournalHeader header(final String engineVersion, final String modelId, final int shardId,
        final int shardCount, final TimeUnit timeUnit)
    {
        return new JournalHeader(engineVersion, modelId, 0x5EED_0000_0000_0001L, shardId, shardCount, timeUnit,
            -77L, 123L);
    }

    private Path write(final String name, final JournalHeader header)
    {
        final Path dir = root.resolve(name);
        try (JournalWriter writer = JournalWriter.open(config(dir).build(), header))
        {
            writer.appendAdvance(1);
        }
        return dir;
    }

    @Test
    void shouldRefuseAnIdentityOutsideTheBoundsOfItsFields()
    {
        final String longest = "e".repeat(MAX_STRING_LENGTH);
        final String tooLong = "é".repeat(MAX_STRING_LENGTH / 2) + "e"; // its length in UTF-8 bytes, not chars

        assertThrows(IllegalArgumentException.class, () -> header(null, "m", 0, 1, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> header("0.1", null, 0, 1, TimeUnit.SECONDS));
        assertEquals("engineVersion.utf8Length=" + (MAX_STRING_LENGTH + 1) + " > " + MAX_STRING_LENGTH,
            assertThrows(IllegalArgumentException.class, () -> header(tooLong, "m", 0, 1, TimeUnit.SECONDS))
                .getMessage());
        assertEquals("modelId.utf8Length=" + (MAX_STRING_LENGTH + 1) + " > " + MAX_STRING_LENGTH,
            assertThrows(IllegalArgumentException.class, () -> header("0.1", tooLong, 0, 1, TimeUnit.SECONDS))
                .getMessage());
        assertThrows(NullPointerException.class, () -> header("0.1", "m", 0, 1, null));
        assertEquals("shardCount=0", assertThrows(IllegalArgumentException.class,
            () -> header("0.1", "m", 0, 0, TimeUnit.SECONDS)).getMessage());
        assertEquals("shardId=-1 shardCount=4", assertThrows(IllegalArgumentException.class,
            () -> header("0.1", "m", -1, 4, TimeUnit.SECONDS)).getMessage());
        assertEquals("shardId=4 shardCount=4", assertThrows(IllegalArgumentException.class,
            () -> header("0.1", "m", 4, 4, TimeUnit.SECONDS)).getMessage());

        assertEquals(longest, header(longest, longest, 0, 1, TimeUnit.SECONDS).engineVersion());
        assertEquals(3, header("", "", 3, 4, TimeUnit.SECONDS).shardId());
    }

    /**
     * Shard 0 of an engine of one shard, the first time unit, empty strings (the shortest header block); the last
     * shard, the last time unit, the longest strings: every header a writer takes reads back as it was written.
     */
    @Test
    void shouldReadBackEveryIdentityAtTheBoundsOfItsFields()
    {
        final String longest = "v".repeat(MAX_STRING_LENGTH);
        final String longestUtf8 = "é".repeat(MAX_STRING_LENGTH / 2);
        final JournalHeader[] headers = {
            header("", "", 0, 1, TimeUnit.NANOSECONDS),
            header(longest, longestUtf8, 6, 7, TimeUnit.DAYS),
            header(longestUtf8, "", 0, 2, TimeUnit.MILLISECONDS),
            header("", longest, 1, 2, TimeUnit.SECONDS),
        };
        for (int i = 0; i < headers.length; i++)
        {
            final Path dir = write("h" + i, headers[i]);

            assertEquals(headers[i], JournalReader.open(dir).header(), "header " + i);
            assertEquals(2, JournalReader.builder(dir).requireShardId(headers[i].shardId())
                .requireShardCount(headers[i].shardCount()).requireModelId(headers[i].modelId())
                .requireEngineVersion(headers[i].engineVersion()).build().read((r) -> { }), "header " + i);
        }
    }

    @Test
    void shouldRefuseToRequireAShardOrShardCountNoEngineHas()
    {
        final JournalReader.Builder builder = JournalReader.builder(root);

        assertThrows(IllegalArgumentException.class, () -> builder.requireShardId(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.requireShardCount(0));
        assertSame(builder, builder.requireShardId(0).requireShardCount(1));
        assertEquals(root, builder.build().directory());
    }
}
