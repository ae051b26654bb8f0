package io.concurrengine.tools.journal;

import io.concurrengine.model.market.MarketInput;
import io.concurrengine.tools.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalInputsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMergeEveryShardsInputsInTimeOrder()
    {
        final Path journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--events", "50k", "--shards", "3", "--journal", journal.toString(),
            "--no-counters");
        assertEquals(0, run.code(), run.err());

        final MarketInput input = new MarketInput();
        long previous = Long.MIN_VALUE;
        try (JournalInputs inputs = JournalInputs.open(journal))
        {
            while (inputs.next(input))
            {
                assertTrue(input.feedTime() >= previous, input.feedTime() + " after " + previous);
                previous = input.feedTime();
            }
            assertEquals(50_000, inputs.delivered());
            assertFalse(inputs.next(input), "still at its end");
        }
    }

    @Test
    void shouldStopItsReadersWhenClosedBeforeTheEnd() throws Exception
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "200k", "--journal", journal.toString(), "--no-counters").code());

        for (int round = 0; round < 20; round++)
        {
            // closed at once, after one input, or after a few batches: readers waiting for room, or reading
            try (JournalInputs inputs = JournalInputs.open(journal))
            {
                final MarketInput input = new MarketInput();
                for (int i = 0; i < round * round * 100 && inputs.next(input); i++)
                {
                    assertTrue(input.feedTime() >= 0);
                }
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readers() > 0)
        {
            assertTrue(System.nanoTime() < deadline, readers() + " reader threads still alive");
            Thread.sleep(10);
        }
    }

    private static long readers()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("journal-inputs-") && thread.isAlive()).count();
    }
}
