package io.concurrengine.tools.telemetry;

import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldShowTheOwnersCountersToASeparateReader() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            final AtomicCounter dispatched = owner.manager().newCounter("shard-0: dispatched", 1001);
            dispatched.setRelease(12345);
            try (CountersFile reader = CountersFile.open(path))
            {
                final List<String> seen = new ArrayList<>();
                reader.reader().forEach((value, id, label) -> seen.add(label + "=" + value));
                assertEquals(List.of("shard-0: dispatched=12345"), seen);
                assertTrue(reader.ownerRunning());
                assertEquals(ProcessHandle.current().pid(), reader.ownerPid());
                dispatched.setRelease(12346);
                assertEquals(12346, reader.reader().getCounterValue(dispatched.id()));
                owner.markFinished();
                assertFalse(reader.ownerRunning());
            }
        }
    }

    @Test
    void shouldDeleteADiscardedCountersFileButNotOneAnotherEnginePutAtItsPath() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        CountersFile.create(path, 16).discard();
        assertFalse(Files.exists(path));

        final CountersFile replaced = CountersFile.create(path, 16);
        final Path other = dir.resolve("other.dat");
        CountersFile.create(other, 16).close();
        Files.move(other, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        replaced.discard();
        assertTrue(Files.exists(path), "another engine's file is left");

        try (CountersFile reader = CountersFile.open(path))
        {
            assertThrows(IllegalStateException.class, reader::discard, "only the owner discards");
        }
    }

    @Test
    void shouldLeaveAnEarlierRunsFileAtThePathUntilAPreparedOneIsPublished() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile earlier = CountersFile.create(path, 16))
        {
            earlier.manager().newCounter("shard-0: dispatched", 1001).setRelease(77);
            earlier.markFinished();
        }

        final CountersFile refused = CountersFile.prepare(path, 16);
        refused.manager().newCounter("shard-0: dispatched", 1001).setRelease(1);
        assertEarlierRunsFile(path);
        refused.discard();
        assertEarlierRunsFile(path);
        try (var files = Files.list(dir))
        {
            assertEquals(List.of(path), files.toList(), "no temporary file left");
        }

        final CountersFile started = CountersFile.prepare(path, 16);
        started.manager().newCounter("shard-0: dispatched", 1001).setRelease(5);
        assertEarlierRunsFile(path);
        started.publish();
        started.publish(); // once there, nothing
        try (CountersFile reader = CountersFile.open(path))
        {
            assertTrue(reader.ownerRunning());
            assertEquals(ProcessHandle.current().pid(), reader.ownerPid());
            final List<Long> values = new ArrayList<>();
            reader.reader().forEach((value, id, label) -> values.add(value));
            assertEquals(List.of(5L), values, "the published file's counters, written before it was published");
        }
        started.discard();
        assertFalse(Files.exists(path));
    }

    private static void assertEarlierRunsFile(final Path path) throws IOException
    {
        try (CountersFile reader = CountersFile.open(path))
        {
            assertTrue(reader.ownerFinished());
            final List<Long> values = new ArrayList<>();
            reader.reader().forEach((value, id, label) -> values.add(value));
            assertEquals(List.of(77L), values);
        }
    }

    @Test
    void shouldReplaceOnlyAFinishedEnginesCountersFile() throws IOException
    {
        final Path precious = Files.writeString(dir.resolve("precious.csv"), "1000,add,17,5001,buy,10250,100\n");
        final IOException notCounters = assertThrows(IOException.class, () -> CountersFile.create(precious, 16));
        assertEquals(precious + " exists and is not a counters file: refusing to replace it", notCounters.getMessage());
        assertEquals("1000,add,17,5001,buy,10250,100\n", Files.readString(precious), "left as it was");

        final Path directory = Files.createDirectories(dir.resolve("empty-dir"));
        assertThrows(IOException.class, () -> CountersFile.create(directory, 16));
        assertTrue(Files.isDirectory(directory));

        final Path path = dir.resolve("counters.dat");
        try (CountersFile running = CountersFile.create(path, 16))
        {
            running.manager().newCounter("shard-0: inputs", 1001).setRelease(7);
            final IOException inUse = assertThrows(IOException.class, () -> CountersFile.create(path, 16));
            assertEquals(path + " is the counters file of an engine still running (pid " +
                ProcessHandle.current().pid() + ")", inUse.getMessage());
            running.markFinished();
        }
        try (CountersFile replaced = CountersFile.create(path, 16))
        {
            final List<String> labels = new ArrayList<>();
            replaced.reader().forEach((value, id, label) -> labels.add(label));
            assertEquals(List.of(), labels, "a finished engine's file is replaced by a new one");
        }
    }

    /**
     * What stands at the path, when it is not a file, is named: a symbolic link to a finished run's counters file (one
     * kept on /dev/shm, say) was refused as 'exists and is not a regular file', which its target is, and a directory
     * the same way. Both are left as they were.
     */
    @Test
    void shouldNameTheDirectoryOrSymbolicLinkAtThePathItRefusesToReplace() throws IOException
    {
        final Path target = dir.resolve("shm-counters.dat");
        try (CountersFile finished = CountersFile.create(target, 16))
        {
            finished.markFinished();
        }
        final Path link = Files.createSymbolicLink(dir.resolve("counters.dat"), target);
        final Path directory = Files.createDirectories(dir.resolve("counters-dir.dat"));

        final IOException linked = assertThrows(IOException.class, () -> CountersFile.create(link, 16));
        final IOException directoryThere = assertThrows(IOException.class, () -> CountersFile.create(directory, 16));

        assertEquals(link + " is a symbolic link (to " + target + "), not a file: refusing to replace it (give the " +
            "path of the file itself)", linked.getMessage());
        assertEquals(directory + " is a directory, not a file: refusing to replace it", directoryThere.getMessage());
        assertEquals(target, Files.readSymbolicLink(link), "the link left as it was");
        assertTrue(Files.isDirectory(directory), "the directory left as it was");
    }

    @Test
    void shouldNotPublishOverTheFileOfAnEngineThatStartedSinceItWasPrepared() throws IOException
    {
        // run A prepares its file and warms up; run B, started meanwhile, publishes its own; A's engine then starts
        final Path path = dir.resolve("counters.dat");
        final CountersFile warmingUp = CountersFile.prepare(path, 16);
        final Path other = dir.resolve("other.dat");
        try (CountersFile running = CountersFile.create(other, 16))
        {
            running.manager().newCounter("shard-0: inputs", 1001).setRelease(7);
            Files.move(other, path); // as B, another process, publishes it
            final IOException inUse = assertThrows(IOException.class, warmingUp::publish);
            assertEquals(path + " is the counters file of an engine still running (pid " +
                ProcessHandle.current().pid() + ")", inUse.getMessage());
            try (CountersFile reader = CountersFile.open(path))
            {
                final List<Long> values = new ArrayList<>();
                reader.reader().forEach((value, id, label) -> values.add(value));
                assertEquals(List.of(7L), values, "the running engine's file is left at the path");
            }
            warmingUp.discard();
            assertTrue(Files.exists(path));
            running.markFinished();
        }
        final CountersFile later = CountersFile.prepare(path, 16);
        later.publish(); // over a finished engine's file
        later.discard();
        try (var files = Files.list(dir))
        {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void shouldNeverShowAReaderAHalfCreatedCountersFileWhileAnEngineReplacesIt() throws Exception
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile first = CountersFile.create(path, CountersFileDescriptor.DEFAULT_COUNTERS))
        {
            first.markFinished();
        }
        final AtomicBoolean done = new AtomicBoolean();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final Thread stat = new Thread(() ->
        {
            while (!done.get() && problems.isEmpty())
            {
                try (CountersFile reader = CountersFile.open(path))
                {
                    reader.reader().maxCounterId();
                }
                catch (final IOException ex)
                {
                    problems.add(ex.getMessage());
                }
            }
        });
        stat.start();
        try
        {
            for (int run = 0; run < 200 && problems.isEmpty(); run++)
            {
                try (CountersFile owner = CountersFile.create(path, CountersFileDescriptor.DEFAULT_COUNTERS))
                {
                    owner.markFinished(); // an engine that ends at once: the next run replaces its file
                }
            }
        }
        finally
        {
            done.set(true);
            stat.join();
        }

        assertEquals(List.of(), problems, "a reader sees the old counters file or the new one, whole");
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFile() throws IOException
    {
        final Path path = dir.resolve("junk.dat");
        Files.write(path, new byte[4096]);
        final IOException error = assertThrows(IOException.class, () -> CountersFile.open(path));
        assertTrue(error instanceof NotACountersFileException, error.toString());
        assertEquals("not a counters file: " + path + " starts with bytes 00000000, where a counters file has " +
            "4345434e", error.getMessage());
        assertThrows(NotACountersFileException.class, () -> CountersFile.open(dir.resolve("missing.dat")));
    }

    @Test
    void shouldDeleteTheTemporaryFileAKilledEngineLeftButNotALiveOnesOrOthers() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        // pids beyond any pid_max (2^22 on Linux): no such process
        final Path deadOne = Files.write(dir.resolve("counters.dat.999999999.tmp"), new byte[64]);
        final Path deadTwo = Files.write(dir.resolve("counters.dat.4194305.tmp"), new byte[64]);
        final long livePid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        final Path live = Files.write(dir.resolve("counters.dat." + livePid + ".tmp"), new byte[64]);
        final Path notOurs = Files.write(dir.resolve("counters.dat.notes.tmp"), new byte[64]);
        final Path otherFile = Files.write(dir.resolve("other.dat.999999999.tmp"), new byte[64]);

        CountersFile.create(path, 4).close();

        assertFalse(Files.exists(deadOne));
        assertFalse(Files.exists(deadTwo));
        assertTrue(Files.exists(live), "a live process may be creating it now");
        assertTrue(Files.exists(notOurs));
        assertTrue(Files.exists(otherFile));
        assertTrue(Files.exists(path));

        final Path globby = dir.resolve("c[1].dat"); // a name that would be a glob pattern
        final Path globbyDead = Files.write(dir.resolve("c[1].dat.999999999.tmp"), new byte[64]);
        CountersFile.create(globby, 4).close();
        assertFalse(Files.exists(globbyDead));
    }

    @Test
    void shouldGiveEachPreparedFileForOnePathItsOwnTemporaryFile() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        final CountersFile first = CountersFile.prepare(path, 4);
        final CountersFile second = CountersFile.prepare(path, 4);
        second.manager().newCounter("second", 1).set(2);

        first.discard();
        second.publish();

        try (CountersFile reader = CountersFile.open(path))
        {
            assertEquals("second", reader.reader().getCounterLabel(0));
        }
        second.close();
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(path), files.collect(Collectors.toList()));
        }
    }

    @Test
    void shouldDeleteTheNumberedTemporaryFileOfADeadProcessButNotALiveOnes() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        final Path dead = Files.write(dir.resolve("counters.dat.999999999.3.tmp"), new byte[64]);
        final long livePid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElseThrow();
        final Path live = Files.write(dir.resolve("counters.dat." + livePid + ".3.tmp"), new byte[64]);
        final Path notOurs = Files.write(dir.resolve("counters.dat.999999999.x.tmp"), new byte[64]);

        CountersFile.create(path, 4).close();

        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(live), "a live process may be creating it now");
        assertTrue(Files.exists(notOurs));
    }

    @Test
    void shouldNameTheVersionOfACountersFileOfAnotherVersion() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        CountersFile.create(path, 4).close(); // the owner's file, then a later format's version number in its header
        try (java.nio.channels.FileChannel channel =
            java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE))
        {
            final java.nio.ByteBuffer version = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder());
            version.putInt(0, CountersFileDescriptor.VERSION + 1);
            channel.write(version, CountersFileDescriptor.VERSION_OFFSET);
        }

        final NotACountersFileException error =
            assertThrows(NotACountersFileException.class, () -> CountersFile.open(path));
        assertEquals("counters file of another version: " + path + " has version " +
            (CountersFileDescriptor.VERSION + 1) + ", this build reads version " + CountersFileDescriptor.VERSION +
            " (use the build of the engine that wrote it)", error.getMessage());
    }

    @Test
    void shouldPrintCountersWithStatUntilTheOwnerFinishes() throws IOException
    {
        try (CountersFile owner = CountersFile.create(dir.resolve("counters.dat"), 16))
        {
            owner.manager().newCounter("shard-0: inputs", 1001).setRelease(7);
            owner.markFinished();
            final StringWriter out = new StringWriter();
            final CommandLine command = new CommandLine(new StatCommand());
            command.setOut(new PrintWriter(out));
            assertEquals(0, command.execute(dir.toString(), "--interval", "10"));
            assertTrue(out.toString().contains("finished"), out.toString());
            assertTrue(out.toString().matches("(?s).*\\s7\\s.*shard-0: inputs.*"), out.toString());
        }
    }

    @Test
    void shouldTellAnEngineThatFinishedFromOneThatIsGoneWithoutFinishing() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", 1001).setRelease(7);
        } // closed without markFinished(): as if killed
        writeLong(path, CountersFileDescriptor.PID_OFFSET, 999_999_999L); // beyond any pid_max: no such process
        final StringWriter out = new StringWriter();
        final CommandLine command = new CommandLine(new StatCommand());
        command.setOut(new PrintWriter(out));

        assertEquals(0, command.execute(dir.toString(), "--interval", "10"));
        assertTrue(out.toString().contains("pid 999999999 stopped without finishing (no such process here: it was " +
            "killed or crashed, or runs in another PID namespace); its last values"), out.toString());
        assertFalse(out.toString().contains("finished\n"), out.toString());
        assertTrue(out.toString().matches("(?s).*\\s7\\s.*shard-0: inputs.*"), out.toString());
    }

    @Test
    void shouldTreatTheFileOfAKilledEngineWhosePidALaterProcessHasAsStale() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", 1001).setRelease(7);
        } // closed without markFinished(): as if killed
        // created an hour before this process started, with this process's pid: its owner died and the pid came round
        // again (a container's PID 1, restarted on the same data directory)
        writeLong(path, CountersFileDescriptor.START_TIME_OFFSET,
            java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() - 3_600_000L);
        try (CountersFile stale = CountersFile.open(path))
        {
            assertFalse(stale.ownerRunning(), "pid " + stale.ownerPid() + " is not the process that wrote the file");
        }
        final StringWriter out = new StringWriter();
        final CommandLine command = new CommandLine(new StatCommand());
        command.setOut(new PrintWriter(out));
        assertEquals(0, command.execute(dir.toString(), "--interval", "10"));
        assertTrue(out.toString().contains(" stopped without finishing "), out.toString());

        try (CountersFile replaced = CountersFile.create(path, 16))
        {
            final List<String> labels = new ArrayList<>();
            replaced.reader().forEach((value, id, label) -> labels.add(label));
            assertEquals(List.of(), labels, "a new run replaces the stale file");
        }
    }

    /**
     * A run killed while its parent process does not reap it (a harness that never waits, a shell as a container's
     * PID 1) stays a zombie, which ProcessHandle counts alive: stat headed its last values "running", timed as they
     * were read, and the next run was refused ('the counters file of an engine still running') until the parent
     * reaped it. A zombie has ended: its file is stale. Here the zombie is a shell's child the shell, then sleep, never
     * waits for (Linux: /proc gives the state).
     */
    @Test
    void shouldTreatTheFileOfAKilledEngineWhoseProcessIsAZombieAsStale() throws IOException, InterruptedException
    {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
        final Process parent = new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 60").start();
        try
        {
            final long zombie = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(
                parent.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine().trim());
            char state;
            while ('Z' != (state = processState(zombie)) && '-' != state)
            {
                Thread.sleep(10); // until sleep 0 has ended, unreaped
            }
            org.junit.jupiter.api.Assumptions.assumeTrue('Z' == state, "reaped: no zombie");
            org.junit.jupiter.api.Assumptions.assumeTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)
                .orElse(false), "this JDK counts a zombie as gone already");
            final Path path = dir.resolve("counters.dat");
            try (CountersFile owner = CountersFile.create(path, 16))
            {
                owner.manager().newCounter("shard-0: inputs", 1001).setRelease(7);
            } // closed without markFinished(): as if killed
            writeLong(path, CountersFileDescriptor.PID_OFFSET, zombie);

            try (CountersFile stale = CountersFile.open(path))
            {
                assertFalse(stale.ownerRunning(), "pid " + zombie + " is a zombie");
            }
            final StringWriter out = new StringWriter();
            final CommandLine command = new CommandLine(new StatCommand());
            command.setOut(new PrintWriter(out));
            assertEquals(0, command.execute(dir.toString(), "--interval", "10"));
            assertTrue(out.toString().contains(" - pid " + zombie + " stopped without finishing "), out.toString());
            try (CountersFile replaced = CountersFile.create(path, 16))
            {
                final List<String> labels = new ArrayList<>();
                replaced.reader().forEach((value, id, label) -> labels.add(label));
                assertEquals(List.of(), labels, "a new run replaces the stale file");
            }
        }
        finally
        {
            parent.destroyForcibly(); // the zombie goes to init, which reaps it
            parent.waitFor();
        }
    }

    /**
     * The owner's start is known to the second on Linux: a file created up to a second before the process with its pid
     * started is still that process's, and one created earlier is stale.
     */
    @Test
    void shouldTakeAFileCreatedUpToASecondBeforeItsOwnerStartedAsItsOwners() throws IOException
    {
        final java.util.Optional<java.time.Instant> started = ProcessHandle.current().info().startInstant();
        org.junit.jupiter.api.Assumptions.assumeTrue(started.isPresent(), "the platform gives no process start time");
        final Path path = dir.resolve("counters.dat");
        CountersFile.create(path, 4).close(); // closed without markFinished(): running, as far as the file says

        writeLong(path, CountersFileDescriptor.START_TIME_OFFSET, started.get().toEpochMilli() - 1_000);
        try (CountersFile reader = CountersFile.open(path))
        {
            assertTrue(reader.ownerRunning(), "a second of slack");
        }
        assertThrows(IOException.class, () -> CountersFile.create(path, 4), "an engine still running");

        writeLong(path, CountersFileDescriptor.START_TIME_OFFSET, started.get().toEpochMilli() - 1_001);
        try (CountersFile reader = CountersFile.open(path))
        {
            assertFalse(reader.ownerRunning(), "created before its pid's process started");
        }
    }

    @Test
    void shouldCreateTheDirectoriesOfItsPath() throws IOException
    {
        final Path path = dir.resolve("data").resolve("run-1").resolve("counters.dat");

        CountersFile.create(path, 4).close();

        try (CountersFile reader = CountersFile.open(path))
        {
            assertEquals(ProcessHandle.current().pid(), reader.ownerPid());
        }
    }

    /**
     * A {@code <name>.<pid>.tmp} file with a pid of 1 to 18 digits whose process is gone is a killed engine's; one
     * with no pid, or more digits than a pid has, is someone else's, left as it is.
     */
    @Test
    void shouldDeleteOnlyTemporaryFilesWhoseNameHoldsAPidOfADeadProcess() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        final Path noPid = Files.write(dir.resolve("counters.dat..tmp"), new byte[64]);
        final Path eighteen = Files.write(dir.resolve("counters.dat.100000000000000000.tmp"), new byte[64]);
        final Path nineteen = Files.write(dir.resolve("counters.dat.1000000000000000000.tmp"), new byte[64]);

        CountersFile.create(path, 4).close();

        assertTrue(Files.exists(noPid));
        assertFalse(Files.exists(eighteen));
        assertTrue(Files.exists(nineteen));
    }

    @Test
    void shouldRefuseToWriteAFileOpenedToRead() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        CountersFile.create(path, 4).close();

        try (CountersFile reader = CountersFile.open(path))
        {
            assertThrows(IllegalStateException.class, reader::manager);
            assertThrows(IllegalStateException.class, reader::publish);
            assertThrows(IllegalStateException.class, reader::markFinished);
        }
    }

    /**
     * A file of a header's length is long enough to be judged by its header; one a byte longer than the header says
     * the file is, cut by one byte, is truncated.
     */
    @Test
    void shouldJudgeAFileOfExactlyAHeadersLengthByItsBytesAndOneCutByAByteAsTruncated() throws IOException
    {
        final Path zeros = Files.write(dir.resolve("zeros.dat"), new byte[CountersFileDescriptor.HEADER_LENGTH]);
        final Path cut = dir.resolve("counters.dat");
        CountersFile.create(cut, 4).close();
        final long size = Files.size(cut);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(cut,
            java.nio.file.StandardOpenOption.WRITE))
        {
            channel.truncate(size - 1);
        }

        final IOException notCounters = assertThrows(NotACountersFileException.class, () -> CountersFile.open(zeros));
        final IOException truncated = assertThrows(NotACountersFileException.class, () -> CountersFile.open(cut));

        assertTrue(notCounters.getMessage().startsWith("not a counters file: " + zeros + " starts with bytes " +
            "00000000"), notCounters.getMessage());
        assertEquals(String.format(java.util.Locale.ROOT, "truncated counters file: %s is %,d bytes, where its header " +
            "says %,d bytes", cut, size - 1, size), truncated.getMessage());
    }

    @Test
    void shouldShowAReaderTheOwnersLastHeartbeat() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            try (CountersFile reader = CountersFile.open(path))
            {
                assertEquals(0, reader.heartbeatMillis(), "no beat yet");
                final long before = System.currentTimeMillis();
                owner.heartbeat();
                final long beat = reader.heartbeatMillis();
                assertTrue(beat >= before && beat <= System.currentTimeMillis(), "heartbeat=" + beat);
                assertThrows(IllegalStateException.class, reader::heartbeat);
            }
        }
    }

    /**
     * The time the owner's values became final reached readers only with the finished mark, which a run gives after
     * its summary and report: until then they took the stopped engine for a running one.
     */
    @Test
    void shouldGiveReadersTheTimeTheValuesBecameFinalAtOnceWhileTheFileStaysItsOwners() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16);
            CountersFile reader = CountersFile.open(path))
        {
            assertEquals(0, reader.finishTimeMillis(), "not final yet");
            final long before = System.currentTimeMillis();
            owner.markValuesFinal();
            final long stopped = reader.finishTimeMillis();

            assertTrue(stopped >= before && stopped <= System.currentTimeMillis(), "finish time " + stopped);
            assertTrue(reader.ownerRunning(), "not finished: its owner reports");
            assertFalse(reader.ownerFinished());
            assertThrows(IllegalStateException.class, reader::markValuesFinal);
            final IOException inUse = assertThrows(IOException.class, () -> CountersFile.prepare(path, 16));
            assertTrue(inUse.getMessage().contains("still running"), inUse.getMessage());

            owner.markFinished();
            assertTrue(reader.ownerFinished());
            assertEquals(stopped, reader.finishTimeMillis(), "the time its values became final, not the mark's");
        }
    }

    @Test
    void shouldLayTheHeaderFieldsOutAlignedInOrderInsideTheHeader()
    {
        final int[] offsets = {
            CountersFileDescriptor.MAGIC_OFFSET, CountersFileDescriptor.VERSION_OFFSET,
            CountersFileDescriptor.METADATA_LENGTH_OFFSET, CountersFileDescriptor.VALUES_LENGTH_OFFSET,
            CountersFileDescriptor.PID_OFFSET, CountersFileDescriptor.START_TIME_OFFSET,
            CountersFileDescriptor.STATUS_OFFSET, CountersFileDescriptor.FINISH_TIME_OFFSET,
            CountersFileDescriptor.HEARTBEAT_OFFSET, CountersFileDescriptor.HEADER_LENGTH };
        final int[] lengths = { 4, 4, 4, 4, 8, 8, 4, 8, 8 };
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(0, offsets[i] % lengths[i], "field " + i + " aligned to its length");
            assertTrue(offsets[i] + lengths[i] <= offsets[i + 1], "field " + i + " ends before the next begins");
        }
        assertEquals(0, CountersFileDescriptor.HEADER_LENGTH % 64, "the metadata starts on a cache line");
    }

    @Test
    void shouldTellWhenNoEngineHasWrittenCounters()
    {
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new StatCommand());
        command.setErr(new PrintWriter(err));
        assertEquals(2, command.execute(dir.toString()), "no counters file at DIR is bad input");
        assertTrue(err.toString().contains("no counters file"), err.toString());
    }

    /**
     * @return the state letter /proc gives the process (R, S, Z, ...), or '-' if it has none (reaped).
     */
    private static char processState(final long pid) throws IOException
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            return '-';
        }
    }

    /**
     * Overwrite one 8-byte field of a counters file's header, in the file's (native) byte order.
     */
    private static void writeLong(final Path path, final int offset, final long value) throws IOException
    {
        try (java.nio.channels.FileChannel channel =
            java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE))
        {
            final java.nio.ByteBuffer field = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
            field.putLong(0, value);
            channel.write(field, offset);
        }
    }
}
