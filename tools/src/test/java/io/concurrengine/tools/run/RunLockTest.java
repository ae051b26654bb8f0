package io.concurrengine.tools.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunLockTest
{
    /** Exit status of {@link #main(String[])} when the directory is locked by another process. */
    private static final int LOCKED = 3;

    @TempDir
    Path dir;

    /**
     * Run in a child JVM: exit 0 if a shared lock on the run lock file of {@code args[0]} can be taken, else
     * {@value #LOCKED}.
     */
    public static void main(final String[] args) throws IOException
    {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]).resolve(RunLock.FILE), StandardOpenOption.READ))
        {
            final FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
            System.exit(null == lock ? LOCKED : 0);
        }
    }

    /**
     * A lock this JVM holds is its own directory's: another directory, with no lock file or an unlocked one, has no
     * writer.
     */
    @Test
    void shouldSeeNoWriterOfADirectoryOtherThanTheOneLocked() throws Exception
    {
        final Path locked = dir.resolve("locked");
        final Path other = java.nio.file.Files.createDirectories(dir.resolve("other"));
        try (RunLock lock = RunLock.acquire(locked))
        {
            assertTrue(null != lock);
            assertEquals(ProcessHandle.current().pid(), RunLock.holder(locked));
            assertEquals(-1, RunLock.holder(other), "no lock file");
            try (RunLock otherLock = RunLock.acquire(other))
            {
                assertTrue(null != otherLock, "another directory may be locked beside it");
            }
            assertEquals(-1, RunLock.holder(other), "an unlocked lock file");
        }
    }

    @Test
    void shouldStayLockedForOtherProcessesWhateverThisJvmAsksAboutIt() throws Exception
    {
        final Path root = dir.resolve("journal");
        try (RunLock lock = RunLock.acquire(root))
        {
            assertTrue(null != lock);
            assertEquals(ProcessHandle.current().pid(), RunLock.holder(root));
            assertEquals(ProcessHandle.current().pid(), RunLock.holder(root.resolve(".").normalize()));
            assertNull(RunLock.acquire(root), "a second run in this JVM is refused");
            assertEquals(LOCKED, probe(root), "still locked for another process after those looks");
        }
        assertEquals(-1, RunLock.holder(root));
        assertEquals(0, probe(root), "released when the run ends");
        try (RunLock again = RunLock.acquire(root))
        {
            assertTrue(null != again, "the file left behind is no lock");
        }
    }

    private static int probe(final Path root) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(List.of(
            ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
            RunLockTest.class.getName(), root.toString())).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "probe ended");
        return process.exitValue();
    }
}
