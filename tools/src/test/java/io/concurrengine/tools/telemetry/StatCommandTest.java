package io.concurrengine.tools.telemetry;

import io.concurrengine.pipeline.ShardCounters;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.Main;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.RunJob;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatCommandTest
{
    private static final Instant FINISHED_AT = Instant.parse("2025-01-31T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldShowRatesOfCumulativeCountersOnlyWhileLevelsFall() throws Exception
    {
        final int cumulativeType = ShardCounters.CUMULATIVE_TYPE_ID;
        final int levelType = ShardCounters.LEVEL_TYPE_ID;
        try (CountersFile owner = CountersFile.create(dir.resolve("counters.dat"), 16))
        {
            final AtomicCounter inputs = owner.manager().newCounter("shard-0: inputs", cumulativeType);
            final AtomicCounter wheel = owner.manager().newCounter("shard-0: wheel size", levelType);
            final AtomicCounter overflow = owner.manager().newCounter("shard-0: overflow size", levelType);
            final AtomicCounter p99 = owner.manager().newCounter("shard-0: last interval P99 ns", levelType);
            final AtomicCounter ring = owner.manager().newCounter("shard-0: ring remaining capacity", levelType);
            final AtomicCounter bytes = owner.manager().newCounter("shard-0: journal bytes", cumulativeType);
            inputs.setRelease(1_000);
            wheel.setRelease(5_000);
            overflow.setRelease(700);
            p99.setRelease(90_000_000);
            ring.setRelease(60_000);
            bytes.setRelease(10_000);
            final Thread engine = new Thread(() ->
            {
                sleep(100);
                inputs.setRelease(201_000); // grows, as a counter does
                wheel.setRelease(10); // the levels fall
                overflow.setRelease(0);
                p99.setRelease(20_000);
                ring.setRelease(1_000);
                bytes.setRelease(2_010_000);
            });
            engine.start();
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int exit = execute(out, err, dir.toString(), "--count", "3", "--interval", "200");
            engine.join();

            assertEquals(0, exit, err.toString());
            final List<String> lines = counterLines(out.toString());
            assertEquals(18, lines.size(), out.toString());
            for (final String line : lines)
            {
                final boolean cumulative = line.endsWith("inputs") || line.endsWith("journal bytes");
                assertEquals(cumulative, line.contains("/s"), "a rate only for cumulative counters: " + line);
                assertFalse(line.matches(".*\\s-[0-9,]+/s.*"), "no negative rate: " + line);
            }
            assertTrue(lines.get(1).matches("\\s*1:\\s+[0-9,]+\\s+- shard-0: wheel size"),
                "a level prints its value alone: " + lines.get(1));
        }
    }

    /**
     * A cumulative counter's rate is its rise since the last print over the time since: 4,000 in 2 s is 2,000/s; the
     * first print has none to rise from. A level shows its value alone.
     */
    @Test
    void shouldRateACumulativeCounterByItsRiseOverTheTimeBetweenPrints() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 4);
            CountersFile reader = CountersFile.open(path))
        {
            final AtomicCounter inputs = owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID);
            final AtomicCounter wheel = owner.manager().newCounter("shard-0: wheel size", ShardCounters.LEVEL_TYPE_ID);
            inputs.setRelease(1_000);
            wheel.setRelease(70);
            final long[] previous = new long[reader.reader().maxCounterId() + 1];
            final StringWriter first = new StringWriter();
            final StringWriter second = new StringWriter();

            StatCommand.printTable(reader, true, 0, true, 0.5, previous, path, new PrintWriter(first));
            inputs.setRelease(5_000);
            wheel.setRelease(30);
            StatCommand.printTable(reader, true, 0, false, 2.0, previous, path, new PrintWriter(second));

            final String[] firstLines = first.toString().split("\\R");
            assertTrue(firstLines[0].endsWith(" - pid " + ProcessHandle.current().pid() + " running"), firstLines[0]);
            // to the millisecond, as every other heading's time
            assertTrue(firstLines[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z - .*"),
                firstLines[0]);
            assertEquals("  0:                1,000              0/s - shard-0: inputs", firstLines[2]);
            assertEquals("  1:                   70                  - shard-0: wheel size", firstLines[3]);
            final String[] secondLines = second.toString().split("\\R");
            assertEquals("  0:                5,000          2,000/s - shard-0: inputs", secondLines[2]);
            assertEquals("  1:                   30                  - shard-0: wheel size", secondLines[3]);
            assertEquals(5_000, previous[0]);
        }
    }

    /**
     * The last print of an engine that finished (or was killed) between two prints rates its rise over the time up to
     * its values' time, not up to the print: a steady 10,000/s that finished 0.572 s into a 1 s interval read as
     * 5,720/s.
     */
    @Test
    void shouldRateTheLastPrintOfAStoppedEngineOnlyUpToWhenItsValuesWereWritten()
    {
        final long previous = 1_767_609_000_000L;
        assertEquals(0.572, StatCommand.rateSeconds(1_000_000_000L, previous, previous + 572), 1e-12);
        assertEquals(1.0, StatCommand.rateSeconds(1_000_000_000L, previous, 0), 1e-12, "running");
        assertEquals(1.0, StatCommand.rateSeconds(1_000_000_000L, previous, previous - 5), 1e-12,
            "values from before the previous print: the interval stands");
        assertEquals(1.0, StatCommand.rateSeconds(1_000_000_000L, previous, previous + 3_000), 1e-12,
            "a clock step: never longer than the interval");
        assertEquals(1e-9, StatCommand.rateSeconds(0, previous, 0), 0);
    }

    /**
     * One millisecond between prints is allowed, and {@code --count 2} prints two tables of a running engine's
     * counters (this process's), no more.
     */
    @Test
    void shouldPrintCountTablesAtAnIntervalOfOneMillisecond() throws IOException
    {
        try (CountersFile owner = CountersFile.create(dir.resolve("counters.dat"), 4))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(9);
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            assertEquals(0, execute(out, err, dir.toString(), "--count", "2", "--interval", "1"), err.toString());

            assertEquals(2, counterLines(out.toString()).size(), out.toString());
            assertEquals(2, out.toString().split("=========================", -1).length - 1, out.toString());
        }
    }

    /**
     * A file whose every record is allocated is printed whole: the last counter is read like the others. Labels of
     * no bytes and of the most a label may have are labels.
     */
    @Test
    void shouldPrintEveryCounterOfAFullFileWithLabelsOfBothLengthLimits() throws IOException
    {
        final String longest = "x".repeat(org.agrona.concurrent.status.CountersReader.MAX_LABEL_LENGTH);
        try (CountersFile owner = CountersFile.create(dir.resolve("counters.dat"), 3))
        {
            final int records = owner.reader().maxCounterId() + 1;
            for (int i = 0; i < records; i++)
            {
                final String label = 0 == i ? "" : 1 == i ? longest : "shard-0: counter " + i;
                owner.manager().newCounter(label, ShardCounters.CUMULATIVE_TYPE_ID).setRelease(100 + i);
            }
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            assertEquals(0, execute(out, err, dir.toString(), "--count", "1"), err.toString());

            final List<String> lines = counterLines(out.toString());
            assertEquals(records, lines.size(), out.toString());
            assertTrue(lines.get(0).endsWith("100              0/s - "), lines.get(0));
            assertTrue(lines.get(1).endsWith(" - " + longest), lines.get(1));
            assertTrue(lines.get(records - 1).contains(" " + (100 + records - 1) + " "), lines.get(records - 1));
        }
    }

    @Test
    void shouldKnowTheKindOfEveryCounterAnEngineAllocates()
    {
        final Path counters = dir.resolve("counters.dat");
        final Map<String, String> flags = new HashMap<>(Map.of(
            "run.events", "1000", "run.duration", "0s", "run.rate", "max", "run.progress", "false",
            "engine.shards", "1", "market.instruments", "16", "journal.enabled", "false"));
        flags.put("telemetry.counters_file", counters.toString());
        final EngineConfig config = new ConfigLoader().load(null, Map.of(), flags);
        final StringWriter err = new StringWriter();
        assertEquals(0, new RunJob(config, new PrintWriter(new StringWriter()), new PrintWriter(err), false, false)
            .execute(), err.toString());

        final StringWriter out = new StringWriter();
        assertEquals(0, execute(out, new StringWriter(), counters.toString(), "--count", "1"));
        final List<String> lines = counterLines(out.toString());
        assertEquals(1 + ShardCounters.PER_SHARD, lines.size(), out.toString());
        final Set<String> levels = Set.of("ring remaining capacity", "wheel size", "wheel capacity", "overflow size",
            "last interval P50 ns", "last interval P99 ns", "last interval P99.9 ns", "last interval max ns");
        for (final String line : lines)
        {
            final String name = line.substring(line.indexOf(": ", line.indexOf(" - ")) + 2);
            assertEquals(!levels.contains(name), line.contains("/s"), "a rate for cumulative counters only: " + line);
        }
    }

    /**
     * Stdout closed (as by {@code stat | head}) or its device full while a running engine's counters are printed until
     * it exits: stat stops after the print that failed and says so (exit 1), rather than print into nothing until the
     * engine exits, which may be hours away.
     */
    @Test
    void shouldStopAndExitOneWhenStdoutFailsWhileTheEngineRuns() throws Exception
    {
        try (CountersFile owner = CountersFile.create(dir.resolve("counters.dat"), 4))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(9);
            final CompletableFuture<Cli> stat = CompletableFuture.supplyAsync(() ->
                Cli.runOnFailingStdout(10, "stat", dir.toString(), "--interval", "1"));

            final Cli cli = stat.get(30, TimeUnit.SECONDS); // the engine, this process, still runs
            assertEquals(1, cli.code(), cli.err());
            assertEquals("concurrengine stat: writing to stdout failed: the output was closed or its device is full\n",
                cli.err());
        }
    }

    /**
     * A counters file cut short while stat reads it (truncated by hand, say): its mapping reads as zeros up to the end
     * of the file's last page and faults past it, so stat printed tables of no counters as if the engine had none
     * (exit 0), or failed with the JVM's InternalError, reported as a bug. It says the file was cut, exit 1.
     */
    @Test
    void shouldSayTheCountersFileWasCutShortWhileItWasRead() throws Exception
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(7);
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final PrintWriter cutAfterTheFirstPrint = new PrintWriter(out)
            {
                private boolean cut;

                @Override
                public void flush()
                {
                    super.flush();
                    if (!cut && out.toString().contains("shard-0: inputs"))
                    {
                        cut = true;
                        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
                        {
                            file.setLength(200); // below the counters' values, which then fault when read
                        }
                        catch (final IOException ex)
                        {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    }
                }
            };
            final CommandLine command = new CommandLine(new StatCommand());
            command.setOut(cutAfterTheFirstPrint);
            command.setErr(new PrintWriter(err));

            final int exit = command.execute(path.toString(), "--count", "3", "--interval", "1");

            assertEquals(1, exit, err.toString());
            assertEquals(1, counterLines(out.toString()).size(), out.toString());
            assertEquals(1, out.toString().lines().filter((line) -> line.startsWith("=====")).count(),
                "no table after the cut: " + out);
            assertEquals("concurrengine stat: counters file " + path + " cannot be read: it was cut to 200 bytes " +
                "since it was opened, where its header says " + String.format(java.util.Locale.ROOT, "%,d",
                CountersFileDescriptor.fileLength(16)) + " bytes" + System.lineSeparator(), err.toString());
        }
    }

    @Test
    void shouldStopRightAfterTheLastOfCountPrintsWithoutWaitingAnotherInterval() throws Exception
    {
        try (CountersFile owner = CountersFile.create(dir.resolve("counters.dat"), 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(5);
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final long start = System.nanoTime();
            final int exit = execute(out, err, dir.toString(), "--count", "1", "--interval", "30000");
            final long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(0, exit, err.toString());
            assertEquals(1, counterLines(out.toString()).size(), out.toString());
            assertTrue(elapsedMillis < 10_000, "one print, then done, not one more 30 s interval: " +
                elapsedMillis + " ms");
        }
    }

    @Test
    void shouldRefuseAnIntervalBelowOneMillisecondBeforeReadingAnything()
    {
        for (final String interval : List.of("0", "-5"))
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(out, err, dir.resolve("missing").toString(), "--interval", interval), interval);
            assertTrue(err.toString().startsWith("concurrengine stat: --interval " + interval + ": "), err.toString());
            assertFalse(err.toString().contains("no counters file"), "refused before reading: " + err);
            assertEquals("", out.toString());
        }
    }

    @Test
    void shouldRefuseAnEmptyPathRatherThanReadTheWorkingDirectorysCountersFile()
    {
        // stat "$DIR" with DIR unset read ./counters.dat: another run's counters, or "no counters file at counters.dat"
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, ""));
        assertEquals("concurrengine stat: \"\": an empty path, not a data directory or counters file: give one, or " +
            "leave DIR out for data" + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldNameTheDefaultDataDirectorysCountersFileWhenTheDirectoryIsMissing()
        throws IOException, InterruptedException
    {
        // plain stat, with no data directory where it runs, said "no counters file at data", not the file it reads
        final Path err = dir.resolve("err.txt");
        final Process stat = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
            System.getProperty("java.class.path"), Main.class.getName(), "stat").directory(dir.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
        assertTrue(stat.waitFor(120, TimeUnit.SECONDS), "stat did not end in 120 s");

        assertEquals(2, stat.exitValue(), Files.readString(err));
        assertTrue(Files.readString(err).startsWith("concurrengine stat: no counters file at data/counters.dat ("),
            Files.readString(err));
        assertEquals("", Files.readString(dir.resolve("out.txt")));
    }

    @Test
    void shouldRefuseANegativeCountBeforeReadingAnything()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, dir.resolve("missing").toString(), "--count", "-1"));
        assertTrue(err.toString().startsWith("concurrengine stat: --count -1: "), err.toString());
        assertEquals("", out.toString());
    }

    /**
     * A --count beyond an int, a number of prints --count takes, was refused with an int's range ("expected an integer
     * from -2147483648 to 2147483647"), half of which --count refuses.
     */
    @Test
    void shouldTakeACountOfPrintsBeyondAnInt()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, dir.resolve("missing").toString(), "--count", "3000000000"));
        assertTrue(err.toString().startsWith("concurrengine stat: no counters file at "), err.toString());
    }

    @Test
    void shouldExitTwoNamingAFileThatIsNotACountersFile() throws IOException
    {
        final Path empty = Files.write(dir.resolve("empty.dat"), new byte[0]);
        final byte[] junk = new byte[8192];
        for (int i = 0; i < junk.length; i++)
        {
            junk[i] = (byte)(i * 31 + 7);
        }
        final Path garbage = Files.write(dir.resolve("garbage.dat"), junk);
        for (final Path file : List.of(empty, garbage))
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(out, err, file.toString()), err.toString());
            assertTrue(err.toString().startsWith("concurrengine stat: not a counters file"), err.toString());
            assertTrue(err.toString().contains(file.toString()), err.toString());
            assertEquals("", out.toString());
        }
    }

    @Test
    void shouldSayWhatStandsWhereTheCountersFileShouldBe() throws IOException, InterruptedException
    {
        Files.createDirectories(dir.resolve("data").resolve("counters.dat"));
        final Path pipe = dir.resolve("pipe.dat");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        final Path oneByte = Files.write(dir.resolve("one.dat"), new byte[1]);
        final Map<String, String> expected = Map.of(
            dir.resolve("data").toString(), "not a counters file: " + dir + "/data/counters.dat is a directory",
            pipe.toString(), "not a counters file: " + pipe + " is a named pipe",
            oneByte.toString(), "not a counters file: " + oneByte + " is 1 byte, shorter than a counters file's " +
                CountersFileDescriptor.HEADER_LENGTH + "-byte header");
        for (final Map.Entry<String, String> location : expected.entrySet())
        {
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(new StringWriter(), err, location.getKey()), err.toString());
            // were "no counters file at ... (is an engine running with counters on?)" and "is 1 bytes"
            assertEquals("concurrengine stat: " + location.getValue() + System.lineSeparator(), err.toString());
        }
    }

    @Test
    void shouldPrintAFilesPathAndItsCountersLabelsWithTheirControlCharactersEscaped() throws IOException
    {
        // printed raw, a line feed forged a line of output and the ESC sequence erased a terminal's line
        final Path path = dir.resolve("c\nFORGED\u001b[2K.dat");
        final StringWriter missingErr = new StringWriter();
        assertEquals(2, execute(new StringWriter(), missingErr, path.toString()));
        assertEquals("concurrengine stat: no counters file at " + dir + "/c\\nFORGED\\x1b[2K.dat (is an engine " +
            "running with counters on? a run writes it where telemetry.counters_file says, data/counters.dat by " +
            "default: give stat that path)" + System.lineSeparator(), missingErr.toString());

        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs\nFORGED\u001b[2K", ShardCounters.CUMULATIVE_TYPE_ID);
            owner.markFinished();
        }
        final StringWriter out = new StringWriter();
        assertEquals(0, execute(out, new StringWriter(), path.toString(), "--count", "1"));
        assertEquals(3, out.toString().lines().count(), out.toString());
        assertTrue(out.toString().contains(" - shard-0: inputs\\nFORGED\\x1b[2K" + System.lineSeparator()),
            out.toString());
    }

    @Test
    void shouldReadACountersFileItMayNotWrite() throws Exception
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(7);
            owner.markFinished();
        }
        // an engine of another user's, say: no write permission; root needs the file immutable too
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--r--r--"));
        final boolean immutable = Files.isWritable(path) && 0 == run("chattr", "+i", path.toString());
        try
        {
            assumeFalse(Files.isWritable(path), "a file this process may not write");
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            assertEquals(0, execute(out, err, path.toString()), "stat only reads: " + err);
            assertTrue(out.toString().matches("(?s).*\\s7\\s.*shard-0: inputs.*"), out.toString());
        }
        finally
        {
            if (immutable)
            {
                run("chattr", "-i", path.toString());
            }
        }
    }

    @Test
    void shouldExitTwoNamingAFileLargerThanAMappingThatIsNotACountersFile() throws IOException
    {
        final Path big = dir.resolve("20261204-1205.cq4");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw"))
        {
            file.setLength(3L << 30); // sparse: a journal cycle file's size, not its disk
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        assertEquals(2, execute(out, err, big.toString()), err.toString());
        assertTrue(err.toString().startsWith("concurrengine stat: not a counters file: " + big), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void shouldRefuseAHeaderWhoseLengthsNoCountersFileHas() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.markFinished();
        }
        final byte[] bytes = Files.readAllBytes(path);
        bytes[CountersFileDescriptor.VALUES_LENGTH_OFFSET + 3] = (byte)0x80; // a negative values length
        Files.write(path, bytes);
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, path.toString()));
        assertTrue(err.toString().contains("not a counters file: " + path), err.toString());
    }

    @Test
    void shouldExitTwoNamingACounterWhoseLabelLengthNoLabelHas() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID);
            owner.markFinished();
        }
        final byte[] bytes = Files.readAllBytes(path);
        final int label = indexOf(bytes, "shard-0: inputs".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(label - Integer.BYTES, -5); // its length, damaged
        Files.write(path, bytes);

        for (final String[] args : new String[][]{ { path.toString() }, { path.toString(), "--prometheus" } })
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(out, err, args), err.toString());
            assertEquals("concurrengine stat: damaged counters file: " + path + ": counter 0 has a label length of " +
                "-5 bytes, where a label has 0 to 380", err.toString().strip());
            if (args.length > 1)
            {
                assertEquals("", out.toString(), "no exposition cut off at the damage");
            }
        }
    }

    /**
     * The table checked every label as it printed its row, so the rows above a damaged one were printed before the
     * exit 2; the exposition printed nothing.
     */
    @Test
    void shouldPrintNoTableRowWhenALaterCountersLabelIsDamaged() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID);
            owner.manager().newCounter("shard-1: inputs", ShardCounters.CUMULATIVE_TYPE_ID);
            owner.markFinished();
        }
        final byte[] bytes = Files.readAllBytes(path);
        final int label = indexOf(bytes, "shard-1: inputs".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(label - Integer.BYTES, 4_000); // damaged
        Files.write(path, bytes);

        for (final String[] args : new String[][]{ { path.toString() }, { path.toString(), "--prometheus" } })
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(out, err, args), err.toString());
            assertEquals("concurrengine stat: damaged counters file: " + path + ": counter 1 has a label length of " +
                "4000 bytes, where a label has 0 to 380", err.toString().strip());
            assertEquals("", out.toString(), String.join(" ", args));
        }
    }

    @Test
    void shouldPrintTheCountersAsTheExporterServesThem() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        final String exposition;
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(1_234);
            owner.manager().newCounter("shard-0: last interval P99 ns", ShardCounters.LEVEL_TYPE_ID).setRelease(5_000);
            exposition = PrometheusText.render(owner.reader());
            owner.markFinished();
        }
        patchLong(path, CountersFileDescriptor.START_TIME_OFFSET, FINISHED_AT.toEpochMilli() - 60_250);
        patchLong(path, CountersFileDescriptor.FINISH_TIME_OFFSET, FINISHED_AT.toEpochMilli());
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, execute(out, err, path.toString(), "--prometheus"), err.toString());
        final long finished = FINISHED_AT.getEpochSecond();
        assertEquals(stateExposition("finished") + startExposition((finished - 61) + ".750") +
            valuesExposition(finished + ".000") + exposition, out.toString(), "once: the engine has finished");
        assertTrue(out.toString().contains("concurrengine_shard_inputs_total{shard=\"0\"} 1234\n" +
            "# HELP concurrengine_shard_last_interval_p99_seconds"), out.toString());
    }

    /**
     * A textfile collector fed by stat --prometheus keeps serving a killed run's last values: the run's state and the
     * time of its values say they are stale, and a file that does not record that time gives none.
     */
    @Test
    void shouldGiveAKilledRunsStateAndTheTimeOfItsLastValuesInTheExposition() throws IOException
    {
        for (final int timeOffset : new int[] {CountersFileDescriptor.HEARTBEAT_OFFSET,
            CountersFileDescriptor.START_TIME_OFFSET})
        {
            final Path path = killedEnginesFile(timeOffset);
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            assertEquals(0, execute(out, err, path.toString(), "--prometheus"), err.toString());

            final String at = FINISHED_AT.getEpochSecond() + ".000";
            if (CountersFileDescriptor.HEARTBEAT_OFFSET == timeOffset)
            {
                assertTrue(out.toString().startsWith(stateExposition("stopped")), out.toString());
                assertTrue(out.toString().contains(valuesExposition(at)), out.toString());
            }
            else
            {
                assertTrue(out.toString().startsWith(stateExposition("stopped") + startExposition(at) + "# HELP " +
                    "concurrengine_shard_inputs_total "), out.toString());
            }
            assertTrue(out.toString().endsWith("concurrengine_shard_inputs_total{shard=\"0\"} 7\n"), out.toString());
            Files.delete(path);
        }
    }

    /**
     * @param state the run's state, the one of the three samples that is 1.
     * @return the run's state in the exposition.
     */
    private static String stateExposition(final String state)
    {
        final StringBuilder text = new StringBuilder("# HELP concurrengine_run_state the state of the run that owns " +
            "the counters: running, finished, or stopped without finishing (its process gone)\n" +
            "# TYPE concurrengine_run_state gauge\n");
        for (final String each : new String[] {"running", "finished", "stopped"})
        {
            text.append("concurrengine_run_state{state=\"").append(each).append("\"} ")
                .append(each.equals(state) ? 1 : 0).append('\n');
        }
        return text.toString();
    }

    private static String startExposition(final String seconds)
    {
        return "# HELP concurrengine_run_start_time_seconds when the run started, in seconds since the epoch\n" +
            "# TYPE concurrengine_run_start_time_seconds gauge\nconcurrengine_run_start_time_seconds " + seconds + "\n";
    }

    private static String valuesExposition(final String seconds)
    {
        return "# HELP concurrengine_run_values_time_seconds when the counters held the values given, in seconds " +
            "since the epoch: now while the engine runs, then when it stopped (its finish) or its last heartbeat\n" +
            "# TYPE concurrengine_run_values_time_seconds gauge\nconcurrengine_run_values_time_seconds " + seconds +
            "\n";
    }

    /**
     * A finished engine's values are its final ones: the heading gives when it finished, not when stat printed them.
     */
    @Test
    void shouldHeadAFinishedEnginesValuesWithItsFinishTime() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(7);
            owner.markFinished();
        }
        patchLong(path, CountersFileDescriptor.FINISH_TIME_OFFSET, FINISHED_AT.toEpochMilli());
        final StringWriter out = new StringWriter();

        assertEquals(0, execute(out, new StringWriter(), path.toString(), "--count", "1"));
        assertEquals(FINISHED_AT + " - pid " + ProcessHandle.current().pid() + " finished: its final values, as of " +
            "then", out.toString().lines().findFirst().orElse(""), out.toString());
    }

    /**
     * A run prints its summary and writes its report after its engine stopped and before it marks its counters
     * finished: stat headed the values of that while as a running engine's, read at the time of printing, and rated
     * them over time the engine did not run; the finished print after it then gave an earlier time.
     */
    @Test
    void shouldHeadTheValuesOfARunWhoseEngineStoppedWithTheTimeItStoppedBeforeTheRunFinishes() throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16);
            CountersFile reader = CountersFile.open(path))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(7);
            owner.markValuesFinal();
            final long stopped = reader.finishTimeMillis();
            final String pid = " - pid " + ProcessHandle.current().pid();
            final String at = Instant.ofEpochMilli(stopped).toString();

            final StringWriter out = new StringWriter();
            assertEquals(0, execute(out, new StringWriter(), path.toString(), "--count", "2", "--interval", "1"));
            final List<String> headings = out.toString().lines().filter((line) -> line.contains(pid)).toList();
            assertEquals(List.of(at + pid + " running, its engine stopped: its final values, as of then (the run " +
                "has not finished yet)", at + pid + " running, its engine stopped: its final values, as of then (the " +
                "run has not finished yet)"), headings, out.toString());
            assertEquals(stopped, PrometheusText.valuesTimeMillis(reader, true, 0), "the end of the rates' interval");
            final String seconds = stopped / 1000 + "." + String.format(java.util.Locale.ROOT, "%03d", stopped % 1000);
            final StringWriter exposition = new StringWriter();
            assertEquals(0, execute(exposition, new StringWriter(), path.toString(), "--prometheus", "--count", "1"));
            assertTrue(exposition.toString().startsWith(stateExposition("running")), exposition.toString());
            assertTrue(exposition.toString().contains(valuesExposition(seconds)), exposition.toString());

            owner.markFinished();
            final StringWriter finished = new StringWriter();
            assertEquals(0, execute(finished, new StringWriter(), path.toString(), "--count", "1"));
            assertEquals(at + pid + " finished: its final values, as of then",
                finished.toString().lines().findFirst().orElse(""), finished.toString());
        }
    }

    /**
     * A killed engine's file that never beat does not say when its last values were written: the heading gives its
     * run's start, not the time of printing, which would pass for theirs.
     */
    @Test
    void shouldHeadAKilledEnginesValuesWithItsStartNotTheTimeOfPrinting() throws IOException
    {
        final Path path = killedEnginesFile(CountersFileDescriptor.START_TIME_OFFSET);
        final StringWriter out = new StringWriter();

        assertEquals(0, execute(out, new StringWriter(), path.toString(), "--count", "1"));
        assertTrue(out.toString().startsWith("run started " + FINISHED_AT + " - pid 999999999 stopped without " +
            "finishing "), out.toString());
        assertTrue(out.toString().lines().findFirst().orElse("").endsWith("; its last values, written at a time " +
            "the file does not record"), out.toString());
    }

    @Test
    void shouldHeadAKilledEnginesValuesWithItsLastHeartbeat() throws IOException
    {
        final Path path = killedEnginesFile(CountersFileDescriptor.HEARTBEAT_OFFSET);
        final StringWriter out = new StringWriter();

        assertEquals(0, execute(out, new StringWriter(), path.toString(), "--count", "1"));
        assertTrue(out.toString().startsWith(FINISHED_AT + " - pid 999999999 stopped without finishing "),
            out.toString());
        assertTrue(out.toString().lines().findFirst().orElse("").endsWith("; its last values, from about then: its " +
            "last heartbeat (the values may be a little newer)"), out.toString());
    }

    /**
     * A run killed as it reported, after its engine stopped: its values are final, as of the engine's stop, not its
     * last heartbeat; the exposition gives the same time.
     */
    @Test
    void shouldHeadTheValuesOfARunKilledAfterItsEngineStoppedWithTheTimeItStopped() throws IOException
    {
        final Path path = killedEnginesFile(CountersFileDescriptor.FINISH_TIME_OFFSET);
        patchLong(path, CountersFileDescriptor.HEARTBEAT_OFFSET, FINISHED_AT.toEpochMilli() - 150);
        final StringWriter out = new StringWriter();

        assertEquals(0, execute(out, new StringWriter(), path.toString(), "--count", "1"));
        assertTrue(out.toString().startsWith(FINISHED_AT + " - pid 999999999 stopped without finishing "),
            out.toString());
        assertTrue(out.toString().lines().findFirst().orElse("").endsWith("; its last values, its final ones: its " +
            "engine stopped then, and its run ended before it finished"), out.toString());
        final StringWriter exposition = new StringWriter();
        assertEquals(0, execute(exposition, new StringWriter(), path.toString(), "--prometheus"));
        assertTrue(exposition.toString().startsWith(stateExposition("stopped")), exposition.toString());
        assertTrue(exposition.toString().contains(valuesExposition(FINISHED_AT.getEpochSecond() + ".000")),
            exposition.toString());
    }

    /**
     * The counters file of an engine killed without marking its values final, whose pid no process has, with one
     * time field (its start or its heartbeat) set to {@link #FINISHED_AT}.
     */
    private Path killedEnginesFile(final int timeOffset) throws IOException
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile owner = CountersFile.create(path, 16))
        {
            owner.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).setRelease(7);
        } // closed without markFinished(): as if killed
        patchLong(path, CountersFileDescriptor.PID_OFFSET, 999_999_999L); // beyond any pid_max: no such process
        patchLong(path, timeOffset, FINISHED_AT.toEpochMilli());
        return path;
    }

    /**
     * Overwrite one 8-byte field of a counters file's header, in the file's (native) byte order.
     */
    private static void patchLong(final Path path, final int offset, final long value) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(path);
        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).putLong(offset, value);
        Files.write(path, bytes);
    }

    private static int run(final String... command) throws InterruptedException
    {
        try
        {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
        }
        catch (final IOException ex)
        {
            return -1; // no such program here
        }
    }

    private static int indexOf(final byte[] bytes, final byte[] part)
    {
        for (int i = 0; i + part.length <= bytes.length; i++)
        {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length))
            {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static int execute(final StringWriter out, final StringWriter err, final String... args)
    {
        final CommandLine command = new CommandLine(new StatCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    /**
     * @return the lines of {@code stat}'s output that show a counter.
     */
    private static List<String> counterLines(final String out)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : out.split("\\R"))
        {
            if (line.matches("\\s*[0-9]+: .*"))
            {
                lines.add(line);
            }
        }
        return lines;
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
