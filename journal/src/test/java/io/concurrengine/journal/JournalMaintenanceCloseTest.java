package io.concurrengine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JournalMaintenance#close()} gives up waiting for its thread after a while (here 100 ms, 5 s in a writer);
 * the writer then forces its files and applies retention itself. The thread is held in a round by its usable-space
 * sample, as a file system that does not answer would hold it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalMaintenanceCloseTest
{
    @TempDir
    Path dir;

    private final AtomicBoolean hold = new AtomicBoolean();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseTheRound()
    {
        release.countDown();
    }

    @Test
    void shouldDeleteNoCycleFileOnItsThreadOnceCloseHasReturned() throws Exception
    {
        final JournalMaintenance maintenance = startAndHoldInARound();
        final Path[] files = cycleFiles(3);
        maintenance.onReleased(0, files[0].toFile()); // the round it is in applies retention at its end

        maintenance.close(); // gives up waiting: the round goes on
        release.countDown();
        assertTrue(maintenance.awaitStopped(30_000), "the thread ended its round and stopped");

        for (final Path file : files)
        {
            assertTrue(Files.exists(file), file + ": only the writer's pass after close() deletes");
        }
        assertEquals(2, maintenance.applyRetention(null), "the writer's pass");
    }

    @Test
    void shouldRecordThatItsThreadOutlivedTheWait() throws Exception
    {
        final JournalMaintenance maintenance = startAndHoldInARound();

        maintenance.close();

        final String error = String.valueOf(maintenance.lastError());
        assertTrue(error.contains("journal-maint-" + dir.getFileName() + " did not stop within 100 ms of the " +
            "journal's close"), error);
    }

    private JournalMaintenance startAndHoldInARound() throws InterruptedException
    {
        final JournalConfig config = JournalConfig.builder(dir).retainCycles(1).minFreeBytes(1).usableSpace(() ->
        {
            if (hold.get())
            {
                held.countDown();
                await(release);
            }
            return Long.MAX_VALUE / 4;
        }).build();
        final JournalMaintenance maintenance = new JournalMaintenance(config, 100);
        maintenance.start();
        hold.set(true);
        assertTrue(held.await(30, TimeUnit.SECONDS), "the thread is in a round");
        return maintenance;
    }

    private Path[] cycleFiles(final int count) throws IOException
    {
        final Path[] files = new Path[count];
        for (int i = 0; i < count; i++)
        {
            files[i] = Files.writeString(dir.resolve("20260101-0" + i + JournalFiles.CYCLE_FILE_SUFFIX), "cycle " + i);
        }
        return files;
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
