package io.concurrengine.tools.run;

import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.RecordKind;
import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.Partitioner;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.config.UncheckedConfigs;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.journal.InspectCommand;
import io.concurrengine.tools.journal.ReplayCommand;
import io.concurrengine.tools.telemetry.CountersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RunJobTest
{
    private static final Pattern STATE_HASH = Pattern.compile("\"stateHash\":\"([0-9a-f]{16})\"");
    /** Every run here journals by a clock pinned half-way through an hour: none rolls to a second cycle file. */
    private static final LongSupplier MID_HOUR = Cli.JOURNAL_CLOCK;

    @TempDir
    Path dir;

    @Test
    void shouldMeasureAJournalDirectoryWhileRetentionDeletesFilesInIt() throws Exception
    {
        // soak samples the journal's disk use every second while retention deletes cycle files: a file that goes
        // between the directory listing and its size must not fail the sample (and with it the soak), nor zero it
        final Path shard = Files.createDirectories(dir.resolve("journal").resolve("shard-0"));
        Files.write(shard.resolve("kept.cq4"), new byte[1_000]);
        final Thread retention = new Thread(() ->
        {
            for (long i = 0; !Thread.currentThread().isInterrupted(); i++)
            {
                try
                {
                    final Path file = shard.resolve("cycle-" + i % 64 + ".cq4");
                    Files.write(file, new byte[10]);
                    Files.delete(file);
                }
                catch (final IOException ex)
                {
                    // a file the walk has open: try the next
                }
            }
        });
        retention.start();
        try
        {
            final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            for (int walks = 0; walks < 20_000 && System.nanoTime() < until; walks++)
            {
                final long size = RunJournalDir.directorySize(dir.resolve("journal"));
                assertTrue(size >= 1_000, "walk " + walks + ": " + size + " bytes, the kept file is 1,000");
            }
        }
        finally
        {
            retention.interrupt();
            retention.join();
        }
    }

    @Test
    void shouldReproduceTheStateHashAndJournalContentForTheSameSeed() throws IOException
    {
        final Path first = dir.resolve("first");
        final Path second = dir.resolve("second");
        final String hashA = stateHash(run(first, "7", "2"));
        final String hashB = stateHash(run(second, "7", "2"));
        assertEquals(hashA, hashB);
        final List<String> recordsA = dump(first, 2);
        final List<String> recordsB = dump(second, 2);
        assertEquals(recordsA.size(), recordsB.size(), "journal records of two runs of one seed");
        for (int i = 0; i < recordsA.size(); i++)
        {
            assertEquals(recordsA.get(i), recordsB.get(i), "journal record " + i);
        }

        final String other = stateHash(run(dir.resolve("third"), "8", "2"));
        assertNotEquals(hashA, other, "another seed gives another run");
    }

    @Test
    void shouldJournalEveryShardIntoTheOneCycleFileItsJournalClockPicks() throws IOException
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "2");

        for (int shard = 0; shard < 2; shard++)
        {
            // FAST_HOURLY names a cycle yyyyMMdd-HH'F' in UTC: the pinned clock's 2026-01-05 10:30
            assertEquals(List.of("20260105-10F.cq4"), cycleFiles(ChronicleShardJournal.shardDirectory(journal, shard))
                .stream().map(path -> path.getFileName().toString()).toList(), "shard " + shard);
        }
    }

    @Test
    void shouldComputeTheSameStateHashOnAnyNumberOfShards()
    {
        final String one = stateHash(run(dir.resolve("one"), "7", "1"));
        for (final String shards : new String[]{ "2", "3", "5" })
        {
            assertEquals(one, stateHash(run(dir.resolve("shards-" + shards), "7", shards)), "shards=" + shards);
        }
    }

    /**
     * Instrument A trades at 0.5 s (its bar closes at 1 s); only instrument B has inputs after that, at 1.5 s. On one
     * shard B's input moves the clock past A's bar close; on two, A's shard gets no further input, and only the
     * feed's closing watermark closes A's bar there, in the journal as an ADVANCE that replay follows.
     */
    @Test
    void shouldEndEveryShardAtTheFeedsLastTimeSoATimerBetweenTwoShardsLastInputsFiresOnAnyNumberOfShards()
        throws IOException
    {
        final long a = 1;
        long b = 2;
        while (Partitioner.hash().shardFor(b, 2) == Partitioner.hash().shardFor(a, 2))
        {
            b++;
        }
        final Path csv = Files.writeString(dir.resolve("gap.csv"),
            "500000,add," + a + ",1,sell,100,10\n" +
            "500001,execute," + a + ",2,buy,100,4\n" +
            "1500000,add," + b + ",3,buy,100,10\n");
        final String[] hashes = new String[2];
        for (int shards = 1; shards <= 2; shards++)
        {
            final Path journal = dir.resolve("gap-" + shards);
            final Map<String, String> flags = new FeedRunFlags().feed(csv).journal(journal).toMap();
            flags.put("engine.shards", String.valueOf(shards));
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
                new PrintWriter(err), true, false).journalClock(MID_HOUR).execute(), err.toString());
            hashes[shards - 1] = stateHash(out.toString());
            assertTrue(out.toString().contains("\"events\":4,"), out.toString()); // three inputs, A's bar close
        }
        assertEquals(hashes[0], hashes[1]);
        final int shardOfA = Partitioner.hash().shardFor(a, 2);
        final List<String> advances = new ArrayList<>();
        JournalReader.open(ChronicleShardJournal.shardDirectory(dir.resolve("gap-2"), shardOfA)).read((record) ->
        {
            if (RecordKind.ADVANCE == record.kind())
            {
                advances.add(String.valueOf(record.time()));
            }
        });
        assertEquals(List.of("1500000"), advances);
    }

    /**
     * As above, but the feed stops at a malformed line after B's input: what the run took still ends at the feed's
     * last time on every shard, so its state hash is that of a run of the lines before the malformed one, on any
     * number of shards (it was not advanced, and A's bar stayed open on two shards only).
     */
    @Test
    void shouldEndEveryShardAtTheLastTimeTakenWhenTheFeedStopsAtAMalformedLine() throws IOException
    {
        final long a = 1;
        long b = 2;
        while (Partitioner.hash().shardFor(b, 2) == Partitioner.hash().shardFor(a, 2))
        {
            b++;
        }
        final String lines = "500000,add," + a + ",1,sell,100,10\n" +
            "500001,execute," + a + ",2,buy,100,4\n" +
            "1500000,add," + b + ",3,buy,100,10\n";
        final Path good = Files.writeString(dir.resolve("good.csv"), lines);
        final Path bad = Files.writeString(dir.resolve("bad.csv"), lines + "1600000,add," + a + ",x\n");
        final String[] hashes = new String[3];
        for (int run = 0; run < 3; run++)
        {
            final Map<String, String> flags = new FeedRunFlags().feed(0 == run ? good : bad).toMap();
            flags.put("journal.enabled", "false");
            flags.put("engine.shards", String.valueOf(2 == run ? 2 : 1));
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(0 == run ? 0 : 2, new RunJob(new ConfigLoader().load(null, Map.of(), flags),
                new PrintWriter(out), new PrintWriter(err), true, false).execute(), err.toString());
            hashes[run] = stateHash(out.toString());
        }
        assertEquals(hashes[0], hashes[1], "one shard, stopped at the malformed line");
        assertEquals(hashes[0], hashes[2], "two shards, stopped at the malformed line");
    }

    /**
     * One run's state hash and a digest of its journal records (headers aside), as this release computes them. A run
     * must come out the same on any JDK, machine and thread timing: CI runs this on whatever JDK it has (JDK 17 and
     * 25 checked), and a change to the model, the stamping, the routing or the records shows here. Change the values
     * only with a change meant to alter every run's hash or journal, and say so in the README.
     */
    @Test
    void shouldComputeThePinnedStateHashAndJournalRecordsOfSeed7OnTwoShards() throws NoSuchAlgorithmException
    {
        final Path journal = dir.resolve("journal");
        assertEquals("4302610708e1e0b8", stateHash(run(journal, "7", "2")));
        final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (final String record : withoutHeaders(dump(journal, 2)))
        {
            sha256.update(record.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte)'\n');
        }
        assertEquals("d51f16aefefbb4cce4c0af6cbdb26d41487e9f0e7aabfa6ed79c65050e5be6dd", HexFormat.of().formatHex(sha256.digest()));
    }

    @Test
    void shouldLeaveNoTraceOfTheWarmUpInTheMeasuredRun() throws IOException
    {
        final Path cold = dir.resolve("cold");
        final Path warm = dir.resolve("warm");
        final List<Path> tmpBefore = warmUpScratch(Path.of(System.getProperty("java.io.tmpdir")));
        assertSameRunExceptTheHeaders(cold, warm, "run.warmup", "500ms");
        assertEquals(List.of(), warmUpScratch(dir), "the warm-up's scratch journal, beside the run's, is deleted");
        assertEquals(tmpBefore, warmUpScratch(Path.of(System.getProperty("java.io.tmpdir"))),
            "nothing written to the system's temporary directory");
    }

    @Test
    void shouldWarmUpBesideTheJournalDirectoryInItsNearestExistingAncestor() throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(dir.toAbsolutePath(), RunWarmUp.warmUpParent(journal), "its parent, never the directory itself");
        Files.createDirectories(journal);
        assertEquals(dir.toAbsolutePath(), RunWarmUp.warmUpParent(journal));
        assertEquals(dir.toAbsolutePath(), RunWarmUp.warmUpParent(dir.resolve("not/yet/there/journal")),
            "the nearest ancestor that exists");
        assertEquals(Path.of("/"), RunWarmUp.warmUpParent(Path.of("/")));
    }

    @Test
    void shouldWriteTheSameJournalWithOneOrAnyPublishingThreads() throws IOException
    {
        assertSameRunExceptTheHeaders(dir.resolve("single"), dir.resolve("multi"), "engine.publishers", "multi");
    }

    @Test
    void shouldWriteTheSameJournalContentPackedOrCompact() throws IOException
    {
        assertSameRunExceptTheHeaders(dir.resolve("packed"), dir.resolve("compact"), "journal.packed", "false");
    }

    @Test
    void shouldRunARecordedFeedFileAsTheSyntheticFlowItRecords() throws IOException
    {
        final Path reference = dir.resolve("synthetic");
        final Path csv = writeFeedFile(dir.resolve("flow.csv"), "5", 200_000, -1);
        assertSameRunExceptTheHeaders(reference, dir.resolve("file"), "feed.file", csv.toString());
    }

    @Test
    void shouldReadAFeedFileToItsEndWhenNoCountIsGiven() throws IOException
    {
        final Path csv = writeFeedFile(dir.resolve("flow.csv"), "5", 30_000, -1);
        final Path journal = dir.resolve("journal");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Map<String, String> flags = new FeedRunFlags().feed(csv).journal(journal).toMap();

        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), false, false).journalClock(MID_HOUR).execute(), err.toString());

        assertTrue(out.toString().startsWith("run: 30,000 inputs"), out.toString());
        assertTrue(out.toString().contains("feed " + csv + ", refused 0") &&
            out.toString().contains("feed file: 30,001 lines read, 0 malformed lines skipped"),
            out.toString());
    }

    @Test
    void shouldStopAtAMalformedFeedLineNamingItAndKeepWhatCameBefore() throws IOException
    {
        final Path csv = writeFeedFile(dir.resolve("flow.csv"), "5", 20_000, 12_345);
        final Path journal = dir.resolve("journal");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Map<String, String> flags = new FeedRunFlags().feed(csv).journal(journal).toMap();

        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), false, false).journalClock(MID_HOUR).execute(), err.toString());

        final String summary = out.toString();
        assertTrue(summary.startsWith("run: 12,344 inputs"), summary);
        assertTrue(summary.contains("FAILED: feed " + csv + ":12346: field 6 (price) \"12x\" is not an integer; " +
            "the inputs before it were journaled"), summary);
        assertTrue(summary.contains("next: "), summary);
        final String replayed = assertReplaysBitForBit(journal);
        assertTrue(replayed.contains("verified: the journal replays bit for bit"), replayed);

        final StringWriter skipOut = new StringWriter();
        final StringWriter skipErr = new StringWriter();
        final Map<String, String> skip = new FeedRunFlags().feed(csv).journal(dir.resolve("skip")).toMap();
        skip.put("feed.on_error", "skip");
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), skip), new PrintWriter(skipOut),
            new PrintWriter(skipErr), false, false).journalClock(MID_HOUR).execute(), skipErr.toString());
        assertTrue(skipOut.toString().startsWith("run: 19,999 inputs"), skipOut.toString());
        assertTrue(skipOut.toString().contains("20,001 lines read, 1 malformed line skipped"), skipOut.toString());
        assertTrue(skipErr.toString().contains(csv + ":12346: field 6 (price) \"12x\" is not an integer (skipped)"),
            skipErr.toString());
    }

    @Test
    void shouldEndAtItsDurationWhileItsFeedPipeIsQuiet() throws Exception
    {
        final Path fifo = dir.resolve("feed.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final CountDownLatch runEnded = new CountDownLatch(1);
        final Thread upstream = new Thread(() ->
        {
            try (OutputStream out = Files.newOutputStream(fifo))
            {
                for (int i = 1; i <= 100; i++)
                {
                    out.write((i + ",cancel,1," + i + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                runEnded.await(30, TimeUnit.SECONDS); // then quiet, the pipe still open, until the run is over
            }
            catch (final IOException | InterruptedException ex)
            {
                // the run closed its end: nothing more to write
            }
        });
        upstream.start();
        final Path journal = dir.resolve("journal");
        final Map<String, String> flags = new FeedRunFlags().feed(fifo).journal(journal).toMap();
        flags.put("run.duration", "1s");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final long start = System.nanoTime();
        final int exit = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), false, false).journalClock(MID_HOUR).execute();
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        runEnded.countDown();
        upstream.join(10_000);

        assertEquals(0, exit, err.toString());
        assertTrue(seconds < 20, "ended by its 1 s duration, not by the upstream going away: " + seconds + " s");
        assertTrue(out.toString().startsWith("run: 100 inputs"), out.toString());
        assertReplaysBitForBit(journal);
    }

    @Test
    void shouldEndAtItsDurationWhileNoUpstreamHasOpenedItsFeedPipe() throws Exception
    {
        final Path fifo = dir.resolve("feed.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final Path journal = dir.resolve("journal");
        final Map<String, String> flags = new FeedRunFlags().feed(fifo).journal(journal).toMap();
        flags.put("run.duration", "1s");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int[] exit = { -1 };
        final Thread run = new Thread(() -> exit[0] = new RunJob(new ConfigLoader().load(null, Map.of(), flags),
            new PrintWriter(out), new PrintWriter(err), false, false).journalClock(MID_HOUR).execute());

        run.start();
        run.join(TimeUnit.SECONDS.toMillis(60));
        final boolean waiting = run.isAlive();
        if (waiting)
        {
            Files.newOutputStream(fifo).close(); // the writer its open waits for
            run.join();
        }

        assertFalse(waiting, "a run whose pipe has no writer yet ends at its duration like one whose pipe is quiet");
        assertEquals(0, exit[0], err.toString());
        assertTrue(out.toString().startsWith("run: 0 inputs"), out.toString());
        assertReplaysBitForBit(journal);
    }

    @Test
    void shouldRunTheFeedOfAnUpstreamItConnectsToAsItRunsTheSameLinesFromAFile() throws Exception
    {
        final Path csv = writeFeedFile(dir.resolve("flow.csv"), "5", 200_000, -1);
        final String fromFile = runFeed(csv.toString(), dir.resolve("file"));
        final String fromNetwork;
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = serve(upstream, csv);
            fromNetwork = runFeed("tcp://127.0.0.1:" + upstream.getLocalPort(), dir.resolve("tcp"));
            sender.join(30_000);
        }

        assertEquals(stateHash(fromFile), stateHash(fromNetwork));
        assertTrue(fromNetwork.contains("\"feedFile\":\"tcp://127.0.0.1:"), fromNetwork);
        assertEquals(withoutHeaders(dump(dir.resolve("file"), 2)), withoutHeaders(dump(dir.resolve("tcp"), 2)),
            "journal records of the same lines from a file and from a connection");
    }

    @Test
    void shouldListenForItsUpstreamSayWhereAndRunWhatItSends() throws Exception
    {
        final Path csv = writeFeedFile(dir.resolve("flow.csv"), "5", 20_000, -1);
        final String fromFile = runFeed(csv.toString(), dir.resolve("file"));
        final Path journal = dir.resolve("listen");
        final StringBuffer err = new StringBuffer();
        final Map<String, String> flags =
            new FeedRunFlags().feed("tcp-listen://127.0.0.1:0").journal(journal).toMap();
        final StringWriter out = new StringWriter();
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new RunJob(
            new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out), new PrintWriter(writerTo(err)), true,
            false).journalClock(MID_HOUR).execute());

        final Matcher listening =
            awaitLine(err, exit, "feed listening on 127\\.0\\.0\\.1:(\\d+) for the upstream's connection");
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(listening.group(1))))
        {
            upstream.getOutputStream().write(Files.readAllBytes(csv));
        }

        assertEquals(0, exit.get(120, TimeUnit.SECONDS), err.toString());
        assertTrue(err.toString().contains("feed upstream connected from 127.0.0.1:"), err.toString());
        assertEquals(stateHash(fromFile), stateHash(out.toString()));
        assertReplaysBitForBit(journal);
    }

    /**
     * A paced run of a given duration publishes the inputs its schedule puts before the end, also those a parked feed
     * is still a few milliseconds behind on at the deadline: rate x duration of them every time, so in event-time mode
     * every run of it has the same state hash.
     */
    @Test
    void shouldPublishTheScheduledCountOfAPacedRunOfAGivenDuration()
    {
        final String[] hashes = new String[2];
        for (int i = 0; i < hashes.length; i++)
        {
            final Map<String, String> flags = new java.util.HashMap<>(flags(dir.resolve("journal-" + i), "7", "2"));
            flags.put("run.events", "0");
            flags.put("run.duration", "400ms");
            flags.put("run.rate", "50000");
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
                new PrintWriter(err), true, false).journalClock(MID_HOUR).execute(), err.toString());
            assertTrue(out.toString().contains("\"inputs\":20000,"), out.toString());
            hashes[i] = stateHash(out.toString());
        }
        assertEquals(hashes[0], hashes[1]);
    }

    @Test
    void shouldEndAtItsDurationWhileNoUpstreamHasConnected()
    {
        final Path journal = dir.resolve("journal");
        final Map<String, String> flags =
            new FeedRunFlags().feed("tcp-listen://127.0.0.1:0").journal(journal).toMap();
        flags.put("run.duration", "1s");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final long start = System.nanoTime();
        final int exit = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), false, false).journalClock(MID_HOUR).execute();
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertEquals(0, exit, err.toString());
        assertTrue(seconds < 20, "ended by its 1 s duration, not by an upstream: " + seconds + " s");
        assertTrue(out.toString().startsWith("run: 0 inputs"), out.toString());
        assertFalse(err.toString().contains("upstream connected"), err.toString());
    }

    /**
     * The connection is made once the engine has started (the last step that can refuse the run): a refused one stops
     * the engine, which has run nothing, and puts the earlier run's journal back.
     */
    @Test
    void shouldRefuseAnUpstreamThatIsNotThereAndLeaveTheEarlierJournalAsItWas() throws IOException
    {
        final int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = gone.getLocalPort();
        }
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");
        final List<String> before = dump(journal, 1);
        final StringWriter err = new StringWriter();
        final Map<String, String> flags =
            new FeedRunFlags().feed("tcp://127.0.0.1:" + port).journal(journal).toMap();

        final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags),
            new PrintWriter(new StringWriter()), new PrintWriter(err), false, false).journalClock(MID_HOUR);
        assertEquals(2, job.execute());

        assertEquals(new CommandError("run", 2, CommandError.FEED, "feed tcp://127.0.0.1:" + port +
            " cannot be read: connection refused; the journal dir " + journal + " is as it was"), job.refusal());
        assertFalse(job.journalReplaced());
        assertEquals(before, dump(journal, 1));
        assertFalse(Files.exists(journal.resolve("earlier-run")), "moved back");
    }

    /**
     * Ctrl-C or SIGTERM while the run connected to an upstream that does not answer was not seen until the connection
     * attempt gave up, 10 s later: the run then said 'feed tcp://... cannot be read: no connection to ... within 10 s',
     * exit 2, as if the upstream had failed it. The stop now ends the attempt, and the run is stopped before it
     * started, as a stop while the engine starts is, the earlier journal put back.
     */
    @Test
    void shouldEndAConnectionAttemptToAnUpstreamThatDoesNotAnswerWhenStopped() throws Exception
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");
        final List<String> before = dump(journal, 1);
        final List<SocketChannel> queued = new ArrayList<>();
        try (ServerSocketChannel upstream = ServerSocketChannel.open())
        {
            // an upstream whose queue of connections is full: a connection attempt waits for an answer
            upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            final InetSocketAddress address = (InetSocketAddress)upstream.getLocalAddress();
            for (int i = 0; i < 3; i++)
            {
                final SocketChannel connection = SocketChannel.open();
                connection.configureBlocking(false);
                connection.connect(address);
                queued.add(connection);
            }
            final Map<String, String> flags =
                new FeedRunFlags().feed("tcp://127.0.0.1:" + address.getPort()).journal(journal).toMap();
            final StringWriter err = new StringWriter();
            final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags),
                new PrintWriter(new StringWriter()), new PrintWriter(err), false, false).journalClock(MID_HOUR);
            final Thread control = Thread.currentThread();
            job.afterStart(() ->
            {
                // the signal, once this thread waits in the connection attempt
                final Thread signal = new Thread(() ->
                {
                    while (Stream.of(control.getStackTrace()).noneMatch(frame ->
                        "connect".equals(frame.getMethodName()) && frame.getClassName().endsWith("NetworkFeed")))
                    {
                        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                    job.requestStop();
                });
                signal.setDaemon(true);
                signal.start();
            });

            assertEquals(0, job.execute(), err.toString());

            assertEquals(new CommandError("run", 0, CommandError.STOPPED, "stopped before it started: nothing was " +
                "run; the journal dir " + journal + " is as it was"), job.refusal());
            assertFalse(Thread.currentThread().isInterrupted(), "the stop's interrupt is not left to the caller");
        }
        finally
        {
            for (final SocketChannel connection : queued)
            {
                connection.close();
            }
        }
        assertEquals(before, dump(journal, 1));
    }

    /**
     * An address to listen on that is in use said 'feed tcp-listen://... cannot be read: address already in use',
     * where feed --to says of the same address that it cannot be listened on (reading is not what failed).
     */
    @Test
    void shouldSayAFeedAddressInUseCannotBeListenedOnAndLeaveNoJournal() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final StringWriter err = new StringWriter();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Map<String, String> flags =
                new FeedRunFlags().feed("tcp-listen://127.0.0.1:" + taken.getLocalPort()).journal(journal).toMap();

            assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), flags),
                new PrintWriter(new StringWriter()), new PrintWriter(err), false, false).journalClock(MID_HOUR)
                .execute());

            // it said the directory was "as it was": it did not exist before the run
            assertTrue(err.toString().contains("feed tcp-listen://127.0.0.1:" + taken.getLocalPort() +
                " cannot be listened on: address already in use; the journal dir " + journal + " did not exist: " +
                "the run made it, and it holds only run.lock"), err.toString());
        }
        try (Stream<Path> left = Files.list(journal))
        {
            // the directory the run created for its journal, and its lock file, stay: the run held the lock
            assertEquals(List.of(journal.resolve(RunLock.FILE)), left.toList(), "nothing of a run that never started");
        }
    }

    /**
     * An unknown host in a tcp:// feed was found only once the run had warmed up and started its engine, the network
     * feed being opened last: its name is resolved with the start-up checks, so the run is refused at once, before
     * its warm-up and its engine, and the journal dir is not made.
     */
    @Test
    void shouldRefuseAnUnknownUpstreamHostBeforeItsWarmUp()
    {
        final Path journal = dir.resolve("journal");
        final StringWriter err = new StringWriter();
        final Map<String, String> flags =
            new FeedRunFlags().feed("tcp://nosuchhost.invalid:9000").journal(journal).toMap();
        flags.put("run.warmup", "100ms");
        final boolean[] built = new boolean[1];

        final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags),
            new PrintWriter(new StringWriter()), new PrintWriter(err), false, false).journalClock(MID_HOUR)
            .beforeStart(() -> built[0] = true);
        assertEquals(2, job.execute(), err.toString());

        assertEquals(new CommandError("run", 2, CommandError.FEED, "feed tcp://nosuchhost.invalid:9000 cannot be " +
            "read: unknown host nosuchhost.invalid"), job.refusal());
        assertFalse(err.toString().contains("warming up"), err.toString());
        assertFalse(built[0], "no engine built for a run refused at start");
        assertFalse(Files.exists(journal), "the journal dir untouched");
    }

    @Test
    void shouldFailARunWhoseUpstreamConnectionBreaksKeepingTheInputsBeforeIt() throws Exception
    {
        final byte[] lines = Files.readAllBytes(writeFeedFile(dir.resolve("flow.csv"), "5", 5_000, -1));
        final Path journal = dir.resolve("journal");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit;
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = new Thread(() ->
            {
                try (Socket connection = upstream.accept())
                {
                    connection.getOutputStream().write(lines, 0, lines.length / 2); // cut in the middle of a line
                    Thread.sleep(1_000);
                    connection.setSoLinger(true, 0); // close with a reset
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new AssertionError(ex);
                }
            });
            sender.start();
            exit = new RunJob(new ConfigLoader().load(null, Map.of(),
                new FeedRunFlags().feed("tcp://127.0.0.1:" + upstream.getLocalPort()).journal(journal).toMap()),
                new PrintWriter(out), new PrintWriter(err), false, false).journalClock(MID_HOUR).execute();
            sender.join(30_000);
        }

        assertEquals(1, exit, out + "\n" + err);
        final Matcher failed = Pattern.compile("FAILED: feed tcp://127\\.0\\.0\\.1:\\d+: read failed after line (\\d+): " +
            "connection reset; the inputs before it were journaled").matcher(out.toString());
        assertTrue(failed.find(), out.toString());
        final long read = Long.parseLong(failed.group(1)); // the header line and the inputs
        assertTrue(read > 1, out.toString());
        assertTrue(out.toString().startsWith(String.format(Locale.ROOT, "run: %,d inputs", read - 1)), out.toString());
        assertReplaysBitForBit(journal);
    }

    @Test
    void shouldFailARunWhoseUpstreamGoesQuietForItsIdleTimeoutKeepingTheInputsBeforeIt() throws Exception
    {
        final byte[] lines = Files.readAllBytes(writeFeedFile(dir.resolve("flow.csv"), "5", 5_000, -1));
        final Path journal = dir.resolve("journal");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CountDownLatch ended = new CountDownLatch(1);
        final int exit;
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = new Thread(() ->
            {
                try (Socket connection = upstream.accept())
                {
                    connection.getOutputStream().write(lines, 0, lines.length / 2); // then quiet, not closed
                    ended.await(60, TimeUnit.SECONDS);
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new AssertionError(ex);
                }
            });
            sender.start();
            final Map<String, String> flags =
                new FeedRunFlags().feed("tcp://127.0.0.1:" + upstream.getLocalPort()).journal(journal).toMap();
            flags.put("feed.idle_timeout", "500ms");
            exit = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
                new PrintWriter(err), false, false).execute();
            ended.countDown();
            sender.join(30_000);
        }

        assertEquals(1, exit, out + "\n" + err);
        final Matcher failed = Pattern.compile("FAILED: feed tcp://127\\.0\\.0\\.1:\\d+: read failed after line " +
            "(\\d+): the upstream sent nothing for 500 ms \\(feed\\.idle_timeout\\); the inputs before it were " +
            "journaled").matcher(out.toString());
        assertTrue(failed.find(), out.toString());
        final long read = Long.parseLong(failed.group(1)); // the header line and the inputs
        assertTrue(out.toString().startsWith(String.format(Locale.ROOT, "run: %,d inputs", read - 1)), out.toString());
        assertReplaysBitForBit(journal);
    }

    @Test
    void shouldServeItsCountersToPrometheusWhileItRunsAndStopWithIt() throws Exception
    {
        final List<String> lines = Files.readAllLines(writeFeedFile(dir.resolve("flow.csv"), "5", 3_000, -1));
        final StringBuffer err = new StringBuffer();
        final Map<String, String> flags =
            new FeedRunFlags().feed("tcp-listen://127.0.0.1:0").journal(dir.resolve("journal")).toMap();
        flags.put("telemetry.counters", "true");
        flags.put("telemetry.counters_file", dir.resolve("counters.dat").toString());
        flags.put("telemetry.exporter", "prometheus");
        flags.put("telemetry.endpoint", "127.0.0.1:0");
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new RunJob(
            new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(new StringWriter()),
            new PrintWriter(writerTo(err)), false, false).journalClock(MID_HOUR).execute());
        final Matcher metrics = awaitLine(err, exit, "counters at (http://127\\.0\\.0\\.1:\\d+/metrics)");
        final Matcher feed = awaitLine(err, exit, "feed listening on 127\\.0\\.0\\.1:(\\d+) ");
        final URI uri = URI.create(metrics.group(1));
        final HttpClient client = HttpClient.newHttpClient();
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(feed.group(1))))
        {
            // the header and the first 1,000 inputs, then the scrapes see them taken while the run waits for more
            upstream.getOutputStream().write((String.join("\n", lines.subList(0, 1_001)) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
            upstream.getOutputStream().flush();
            final Pattern inputs = Pattern.compile("(?m)^concurrengine_shard_inputs_total\\{shard=\"[01]\"} (\\d+)$");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long taken = 0;
            String body = "";
            while (taken != 1_000)
            {
                assertTrue(System.nanoTime() < deadline, "inputs the scrapes saw: " + taken);
                final HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode());
                body = scrape.body();
                taken = 0;
                for (final Matcher shard = inputs.matcher(scrape.body()); shard.find(); )
                {
                    taken += Long.parseLong(shard.group(1));
                }
                Thread.sleep(10);
            }
            assertTrue(body.startsWith("# HELP concurrengine_run_state "), "the run's state first: " + body);
            assertTrue(body.contains("\nconcurrengine_run_state{state=\"running\"} 1\n"), body);
            upstream.getOutputStream().write((String.join("\n", lines.subList(1_001, lines.size())) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        }

        assertEquals(0, exit.get(60, TimeUnit.SECONDS), err.toString());
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString()), "the endpoint ends with the run");
    }

    @Test
    void shouldRefuseAnEndpointInUseBeforeTouchingTheJournal() throws IOException
    {
        final Path journal = dir.resolve("journal");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Map<String, String> flags = new HashMap<>(flags(journal, "5", "2"));
            flags.put("telemetry.counters", "true");
            flags.put("telemetry.counters_file", dir.resolve("counters.dat").toString());
            flags.put("telemetry.exporter", "prometheus");
            flags.put("telemetry.endpoint", "127.0.0.1:" + taken.getLocalPort());
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
                new PrintWriter(err), true, false).journalClock(MID_HOUR);
            assertEquals(2, job.execute());

            assertTrue(err.toString().contains("telemetry endpoint 127.0.0.1:" + taken.getLocalPort() +
                " cannot be served: address already in use"), err.toString());
            assertEquals(CommandError.TELEMETRY, job.refusal().reason());
        }
        assertFalse(Files.exists(journal), "no journal directory for a run that never started");
        assertFalse(Files.exists(dir.resolve("counters.dat")), "nor a counters file");
    }

    /**
     * @return what {@code replay JOURNAL --verify} printed, which exited 0.
     */
    private static String assertReplaysBitForBit(final Path journal)
    {
        final StringWriter replayed = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), replayed, new StringWriter(), journal.toString(), "--verify"),
            replayed.toString());
        return replayed.toString();
    }

    /** Wait for a line of the run's stderr that the pattern finds, while the run goes on. */
    private static Matcher awaitLine(final StringBuffer err, final CompletableFuture<Integer> run, final String regex)
        throws InterruptedException
    {
        final Matcher matcher = Pattern.compile(regex).matcher("");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!matcher.reset(err).find())
        {
            assertTrue(System.nanoTime() < deadline && !run.isDone(), "no line /" + regex + "/ in: " + err);
            Thread.sleep(10);
        }
        return matcher;
    }

    /** Run a feed read to its end into {@code journal}, with the JSON summary. */
    private static String runFeed(final String feed, final Path journal)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(),
            new FeedRunFlags().feed(feed).journal(journal).toMap()), new PrintWriter(out), new PrintWriter(err), true,
            false).journalClock(MID_HOUR).execute(), err.toString());
        return out.toString();
    }

    /** Send the file to the one upstream connection the socket accepts, then close it. */
    private static Thread serve(final ServerSocket upstream, final Path file)
    {
        final Thread sender = new Thread(() ->
        {
            try (Socket connection = upstream.accept(); OutputStream out = connection.getOutputStream())
            {
                Files.copy(file, out);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        });
        sender.start();
        return sender;
    }

    private static Writer writerTo(final StringBuffer text)
    {
        return new Writer()
        {
            @Override
            public void write(final char[] chars, final int offset, final int length)
            {
                text.append(chars, offset, length);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
    }

    @Test
    void shouldReportTheInputsTheModelRejectedInTheSummary() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("rejects.csv"),
            "1000,add,17,5001,buy,10250,100\n" +
            "1001,add,17,5002,buy,10250,-5\n" +     // a negative quantity
            "1002,cancel,17,7777\n" +               // no such order
            "1003,cancel,17,5001\n");
        final Path journal = dir.resolve("journal");
        final StringWriter out = new StringWriter();
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(),
            new FeedRunFlags().feed(feed).journal(journal).toMap()), new PrintWriter(out),
            new PrintWriter(new StringWriter()), true, false).journalClock(MID_HOUR).execute());
        assertTrue(out.toString().contains("\"modelRejected\":2"), out.toString());
        assertTrue(out.toString().contains("\"inputs\":4"), out.toString());
    }

    /**
     * The journal checks its settings only when the engine's start opens it, after the journal directory has been
     * cleared: a setting the configuration's checks let through (as journal.block_bytes under the journal's minimum
     * once did) is refused before, and the earlier run's journal is kept.
     */
    @Test
    void shouldRefuseJournalSettingsTheJournalRefusesBeforeClearingTheEarlierJournal() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final Map<String, String> flags = new FeedRunFlags().journal(journal).toMap();
        flags.put("run.events", "1000");
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()), false, false).journalClock(MID_HOUR).execute());
        final String runToml = Files.readString(journal.resolve(RunJournalDir.RUN_CONFIG_FILE));
        final StringWriter err = new StringWriter();

        final RunJob job = new RunJob(UncheckedConfigs.withBlockBytes(new ConfigLoader().load(null, Map.of(), flags),
            2048), new PrintWriter(new StringWriter()), new PrintWriter(err), false, false).journalClock(MID_HOUR);

        assertEquals(2, job.execute());
        assertEquals(CommandError.CONFIG, job.refusal().reason());
        assertTrue(err.toString().startsWith("concurrengine run: the journal refuses the [journal] settings: " +
            "blockBytes=2048 outside ["), err.toString());
        assertEquals(runToml, Files.readString(journal.resolve(RunJournalDir.RUN_CONFIG_FILE)),
            "the earlier run's journal is as it was");
        assertTrue(Files.isDirectory(journal.resolve("shard-1")), "the earlier run's journal is as it was");
    }

    @Test
    void shouldRefuseAFeedFileThatCannotBeReadBeforeTouchingTheJournal()
    {
        final Path journal = dir.resolve("journal");
        final StringWriter err = new StringWriter();
        final Map<String, String> flags =
            new FeedRunFlags().feed(dir.resolve("missing.csv")).journal(journal).toMap();

        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(new StringWriter()),
            new PrintWriter(err), false, false).journalClock(MID_HOUR).execute());

        assertTrue(err.toString().contains("feed file " + dir.resolve("missing.csv") + " cannot be read: " +
            dir.resolve("missing.csv") + " does not exist"), err.toString());
        assertTrue(!Files.exists(journal), "no journal directory for a run that never started");
    }

    /**
     * A run refused for its journal dir connected to its upstream first: feed --to tcp-listen://... wrote its lines to
     * the connection and said they were written, exit 0, though the run read none. The checks that change nothing now
     * come before the feed is opened.
     */
    @Test
    void shouldRefuseAJournalDirBeforeConnectingToTheUpstream() throws IOException
    {
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        Files.writeString(journal.resolve("notes.txt"), "no run wrote this\n");
        try (ServerSocketChannel upstream = ServerSocketChannel.open())
        {
            upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            upstream.configureBlocking(false);
            final StringWriter err = new StringWriter();
            final Map<String, String> flags = new FeedRunFlags().feed("tcp://127.0.0.1:" +
                ((InetSocketAddress)upstream.getLocalAddress()).getPort()).journal(journal).toMap();

            assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), flags),
                new PrintWriter(new StringWriter()), new PrintWriter(err), false, false).execute(), err.toString());

            assertTrue(err.toString().contains("journal dir " + journal), err.toString());
            assertNull(upstream.accept(), "a connection made before the run was refused");
        }
    }

    /**
     * A run of a network feed connected to its upstream before it created its counters file and served its telemetry
     * endpoint: a run refused for either had connected, so its upstream was told its lines were read by a run that
     * went away (and a tcp-listen run had bound its port and said it listened). The feed is now opened last.
     */
    @Test
    void shouldRefuseACountersFileOrAnEndpointBeforeConnectingToTheUpstreamOrListening() throws IOException
    {
        final Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        try (ServerSocketChannel upstream = ServerSocketChannel.open();
            ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            upstream.configureBlocking(false);
            final String connect = "tcp://127.0.0.1:" + ((InetSocketAddress)upstream.getLocalAddress()).getPort();
            for (final String feed : List.of(connect, "tcp-listen://127.0.0.1:0"))
            {
                final Map<String, String> counters =
                    new FeedRunFlags().feed(feed).journal(dir.resolve("journal")).toMap();
                counters.put("telemetry.counters", "true");
                counters.put("telemetry.counters_file", notADirectory.resolve("counters.dat").toString());
                assertRefusedBeforeTheFeed(counters, "counters file " + notADirectory.resolve("counters.dat") +
                    " cannot be created: ");
                assertNull(upstream.accept(), "a connection made before the run was refused");

                final Map<String, String> endpoint =
                    new FeedRunFlags().feed(feed).journal(dir.resolve("journal")).toMap();
                endpoint.put("telemetry.counters", "true");
                endpoint.put("telemetry.counters_file", dir.resolve("counters.dat").toString());
                endpoint.put("telemetry.exporter", "prometheus");
                endpoint.put("telemetry.endpoint", "127.0.0.1:" + taken.getLocalPort());
                assertRefusedBeforeTheFeed(endpoint, "telemetry endpoint 127.0.0.1:" + taken.getLocalPort() +
                    " cannot be served: address already in use");
                assertNull(upstream.accept(), "a connection made before the run was refused");
            }
        }
    }

    /**
     * Run a job that {@code flags} make refuse at start, and check that it said why, exit 2, and neither listened for
     * its upstream nor connected to it, nor touched the journal directory.
     */
    private void assertRefusedBeforeTheFeed(final Map<String, String> flags, final String refusal)
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(new StringWriter()),
            new PrintWriter(err), false, false).journalClock(MID_HOUR).execute(), err.toString());
        assertTrue(err.toString().contains(refusal), err.toString());
        assertFalse(err.toString().contains("listening"), err.toString());
        assertFalse(Files.exists(dir.resolve("journal")), "no journal directory for a run that never started");
    }

    /**
     * The feed of an upstream is opened after the warm-up and once the engine has started, the last steps that can
     * refuse the run: when the engine has started, a run of a tcp:// feed has not connected yet, nor a run of a
     * tcp-listen:// feed bound its address; then it does, and runs what the upstream sends.
     */
    @Test
    void shouldOpenANetworkFeedOnlyAfterItsWarmUpOnceItsEngineHasStarted() throws Exception
    {
        final Path csv = writeFeedFile(dir.resolve("flow.csv"), "5", 2_000, -1);
        final String fromFile = runFeed(csv.toString(), dir.resolve("file"));
        try (ServerSocketChannel upstream = ServerSocketChannel.open())
        {
            upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            upstream.configureBlocking(false);
            final Map<String, String> flags = new FeedRunFlags().feed("tcp://127.0.0.1:" +
                ((InetSocketAddress)upstream.getLocalAddress()).getPort()).journal(dir.resolve("tcp")).toMap();
            flags.put("run.warmup", "100ms");
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final SocketChannel[] connectedAtStart = { null };
            final CountDownLatch started = new CountDownLatch(1);
            final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
                new PrintWriter(err), true, false).journalClock(MID_HOUR).afterStart(() ->
                {
                    try
                    {
                        connectedAtStart[0] = upstream.accept(); // null: no connection yet
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                    started.countDown();
                });
            final CompletableFuture<Void> sender = CompletableFuture.runAsync(() ->
            {
                try
                {
                    started.await();
                    SocketChannel connection = connectedAtStart[0];
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (null == connection && System.nanoTime() < deadline)
                    {
                        Thread.sleep(10);
                        connection = upstream.accept();
                    }
                    try (SocketChannel sending = connection; OutputStream lines = sending.socket().getOutputStream())
                    {
                        Files.copy(csv, lines);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                catch (final InterruptedException ex)
                {
                    throw new IllegalStateException(ex);
                }
            });

            assertEquals(0, job.execute(), err.toString());
            sender.get(60, TimeUnit.SECONDS);
            assertNull(connectedAtStart[0], "connected to the upstream before the engine started");
            assertEquals(stateHash(fromFile), stateHash(out.toString()));
        }

        final StringBuffer err = new StringBuffer();
        final Map<String, String> flags =
            new FeedRunFlags().feed("tcp-listen://127.0.0.1:0").journal(dir.resolve("listen")).toMap();
        flags.put("run.warmup", "100ms");
        final String[] errAtStart = { null };
        final StringWriter out = new StringWriter();
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new RunJob(
            new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out), new PrintWriter(writerTo(err)), true,
            false).journalClock(MID_HOUR).afterStart(() -> errAtStart[0] = err.toString()).execute());
        final Matcher listening =
            awaitLine(err, exit, "feed listening on 127\\.0\\.0\\.1:(\\d+) for the upstream's connection");
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(listening.group(1))))
        {
            upstream.getOutputStream().write(Files.readAllBytes(csv));
        }
        assertEquals(0, exit.get(120, TimeUnit.SECONDS), err.toString());
        assertFalse(errAtStart[0].contains("listening"), "listened before the engine started: " + errAtStart[0]);
        assertEquals(stateHash(fromFile), stateHash(out.toString()));
    }

    /**
     * A feed path was trimmed: a file named "sp.csv " could not be a feed, refused as "feed file sp.csv cannot be read:
     * sp.csv does not exist", the space invisible. Now it is read as written, as --config's path is, and a path that
     * starts or ends with a space is quoted.
     */
    @Test
    void shouldReadAFeedPathAsWrittenAndQuoteItsSpacesWhenItCannotBeRead() throws IOException
    {
        final Path spaced = Files.writeString(dir.resolve("sp.csv "), "10,cancel,1,1\n");
        final Map<String, String> flags = new FeedRunFlags().feed(spaced).toMap();
        flags.put("journal.enabled", "false");
        final StringWriter err = new StringWriter();
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(new StringWriter()),
            new PrintWriter(err), false, false).execute(), err.toString());

        final StringWriter missingErr = new StringWriter();
        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), new FeedRunFlags().feed(
            dir.resolve("missing.csv ")).toMap()), new PrintWriter(new StringWriter()), new PrintWriter(missingErr),
            false, false).execute());
        // the reason named the path again unquoted ("missing.csv  does not exist"), as did the summary and a
        // malformed line's position ("feed sp.csv :2:")
        assertEquals("concurrengine run: feed file \"" + dir + "/missing.csv \" cannot be read: \"" + dir +
            "/missing.csv \" does not exist" + System.lineSeparator(), missingErr.toString());
        final Path malformed = Files.writeString(dir.resolve("bad.csv "), "10,cancel,1,1\n20,cancel,1,x\n");
        final Map<String, String> malformedFlags = new FeedRunFlags().feed(malformed).toMap();
        malformedFlags.put("journal.enabled", "false");
        final StringWriter out = new StringWriter();
        final StringWriter malformedErr = new StringWriter();
        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), malformedFlags), new PrintWriter(out),
            new PrintWriter(malformedErr), false, false).execute(), malformedErr.toString());
        assertTrue(out.toString().contains("feed \"" + dir + "/bad.csv \", refused 0"), out.toString());
        assertEquals("concurrengine run: feed \"" + dir + "/bad.csv \":2: field 4 (order) \"x\" is not an integer" +
            System.lineSeparator(), malformedErr.toString());
    }

    @Test
    void shouldPrintAFeedFilesPathWithItsControlCharactersEscaped() throws IOException
    {
        // printed raw, the line feed forged a line of the summary and the escape sequence erased a terminal's line
        final Path csv = Files.writeString(dir.resolve("a\nFORGED\u001b[2K.csv"), "10,cancel,1,1\n20,cancel,1,x\n");
        final String printed = dir + "/a\\nFORGED\\x1b[2K.csv";
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Map<String, String> flags = new FeedRunFlags().feed(csv).toMap();
        flags.put("journal.enabled", "false");

        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), false, false).execute(), err.toString());

        assertTrue(out.toString().contains("feed " + printed + ", refused 0"), out.toString());
        assertTrue(out.toString().contains("FAILED: feed " + printed + ":2: field 4 (order) \"x\" is not an integer"),
            out.toString());
        assertEquals("concurrengine run: feed " + printed + ":2: field 4 (order) \"x\" is not an integer" +
            System.lineSeparator(), err.toString());

        final StringWriter missingErr = new StringWriter();
        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), new FeedRunFlags().feed(
            dir.resolve("b\rc.csv")).toMap()), new PrintWriter(new StringWriter()), new PrintWriter(missingErr), false,
            false).execute());
        assertEquals("concurrengine run: feed file " + dir + "/b\\rc.csv cannot be read: " + dir +
            "/b\\rc.csv does not exist" + System.lineSeparator(), missingErr.toString());
    }

    @Test
    void shouldReplayALongerRunUpToATimeToTheStateOfARunThatEndedThere() throws IOException
    {
        // input N is the last one at its time, so a run of N inputs ends with its clock there
        final EngineConfig config = new ConfigLoader().load(null, Map.of(), flags(dir.resolve("unused"), "5", "2"));
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(RunFeed.flow(config));
        final MarketInput input = new MarketInput();
        long previous = -1;
        int n = 0;
        long time = -1;
        while (true)
        {
            flow.next(input);
            if (n >= 50_000 && input.feedTime() > previous)
            {
                time = previous;
                break;
            }
            previous = input.feedTime();
            n++;
        }
        final Map<String, String> shortRun = new HashMap<>(flags(dir.resolve("short"), "5", "2"));
        shortRun.put("run.events", Integer.toString(n));
        final StringWriter shortOut = new StringWriter();
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), shortRun), new PrintWriter(shortOut),
            new PrintWriter(new StringWriter()), true, false).journalClock(MID_HOUR).execute());
        final Path longer = dir.resolve("long");
        final String fullHash = stateHash(run(longer, "5", "2"));

        final StringWriter replayed = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), replayed, new StringWriter(), longer.toString(), "--verify",
            "--until", Long.toString(time), "--json"), replayed.toString());

        final String object = replayed.toString();
        assertEquals(stateHash(shortOut.toString()), stateHash(object.substring(object.lastIndexOf("\"stateHash\""))),
            "state at time " + time + " of the 200,000-input run: " + object);
        assertNotEquals(fullHash, stateHash(object.substring(object.lastIndexOf("\"stateHash\""))));
        assertTrue(object.contains("\"until\":" + time + ","), object);
    }

    @Test
    void shouldReplayUpToATimeBetweenInputsDispatchingTheTimersDueByThen() throws IOException
    {
        // an order with a time in force of 500 µs: its EXPIRE is due at 1500, between the inputs at 1000 and 3000
        final Path journal = journalOfOneShardRun("timer.csv", "1000,add,7,1,buy,100,5,500\n3000,add,7,2,sell,200,5\n");

        for (final String[] expected : new String[][] {{"1400", "1 dispatch"}, {"2000", "2 dispatches"},
            {"5000", "3 dispatches"}})
        {
            final StringWriter out = new StringWriter();
            assertEquals(0, execute(new ReplayCommand(), out, new StringWriter(), journal.toString(), "--verify",
                "--until", expected[0]), out.toString());
            assertTrue(out.toString().contains(" " + expected[1] + " re-executed"), expected[0] + ": " + out);
            assertTrue(out.toString().contains("5000".equals(expected[0]) ?
                "verified up to the journal's end, time 3000 (--until 5000 is past it)" :
                "verified up to time " + expected[0]), out.toString());
            // the journal ends at 3000, the run's last input: a replay up to 5000 has the state at 3000
            assertTrue(out.toString().contains("5000".equals(expected[0]) ? " at the journal's end, time 3000 " :
                " at time " + expected[0] + System.lineSeparator()), out.toString());
        }
    }

    /**
     * A time past the journal's end leaves a shard as its journal ends (the run never got there): the EXPIRE due at
     * 4000 of the order added at 3000, the run's last input, is not fired, and the state is the run's own.
     */
    @Test
    void shouldReplayUpToATimePastTheJournalsEndToTheRunsOwnState() throws IOException
    {
        final Path journal = journalOfOneShardRun("late-timer.csv",
            "1000,add,7,1,buy,100,5\n3000,add,7,2,sell,200,5,1000\n");
        final StringWriter whole = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), whole, new StringWriter(), journal.toString(), "--json"));

        final StringWriter out = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), out, new StringWriter(), journal.toString(), "--verify", "--json",
            "--until", "5000"), out.toString());

        assertTrue(out.toString().contains("\"dispatched\":2,"), out.toString());
        final String run = whole.toString();
        final String replayed = out.toString();
        assertEquals(stateHash(run.substring(run.lastIndexOf("\"stateHash\""))),
            stateHash(replayed.substring(replayed.lastIndexOf("\"stateHash\""))));
        // the state is the journal's end's, at its last time, not at 5000, as the replay said it was
        assertTrue(replayed.contains("\"stateTime\":3000,"), replayed);
        assertTrue(run.contains("\"stateTime\":3000,"), run);

        final StringWriter text = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), text, new StringWriter(), journal.toString(), "--until", "5000"));
        assertTrue(text.toString().contains(" at the journal's end, time 3000 (--until 5000 is past it: the run's " +
            "own state)" + System.lineSeparator()), text.toString());
        final StringWriter within = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), within, new StringWriter(), journal.toString(), "--until", "3000",
            "--json"));
        assertTrue(within.toString().contains("\"stateTime\":3000,"), within.toString());
    }

    /**
     * @return the journal directory of a run of {@code lines}, written as the feed file {@code name}, on one shard.
     */
    private Path journalOfOneShardRun(final String name, final String lines) throws IOException
    {
        final Path csv = dir.resolve(name);
        Files.writeString(csv, lines);
        final Path journal = dir.resolve("journal");
        final Map<String, String> flags = new FeedRunFlags().feed(csv).journal(journal).toMap();
        flags.put("engine.shards", "1");
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()), false, false).journalClock(MID_HOUR).execute());
        return journal;
    }

    /**
     * Write the synthetic flow {@code run} would feed with seed {@code seed} (and this test's market shape) as a feed
     * file with a header line, damaging the price of input {@code damaged} (from 1; -1 for none).
     */
    private Path writeFeedFile(final Path file, final String seed, final int inputs, final int damaged)
        throws IOException
    {
        final EngineConfig config = new ConfigLoader().load(null, Map.of(), flags(dir.resolve("unused"), seed, "2"));
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(RunFeed.flow(config));
        final MarketInput input = new MarketInput();
        final StringBuilder text = new StringBuilder("time,type,instrument,id,side,price,quantity,extra\n");
        for (int i = 1; i <= inputs; i++)
        {
            flow.next(input);
            if (i == damaged)
            {
                text.append(input.feedTime()).append(",add,1,1,buy,12x,5\n");
                continue;
            }
            MarketFeedFile.appendLine(input, text).append('\n');
        }
        Files.writeString(file, text);
        return file;
    }

    /** The flags of this test's runs with a feed file and no count: read to the end of the file. */
    private static final class FeedRunFlags
    {
        private final Map<String, String> flags = new HashMap<>();

        FeedRunFlags feed(final Path file)
        {
            return feed(file.toString());
        }

        FeedRunFlags feed(final String feed)
        {
            flags.put("feed.file", feed);
            return this;
        }

        FeedRunFlags journal(final Path journal)
        {
            flags.put("journal.dir", journal.toString());
            return this;
        }

        Map<String, String> toMap()
        {
            flags.put("run.progress", "false");
            flags.put("market.instruments", "256");
            flags.put("telemetry.counters", "false");
            return flags;
        }
    }

    /**
     * Run seed 5 on 2 shards with the defaults into {@code reference}, and with one key changed into {@code changed}:
     * the same state hash and every journal record but the headers, which name the configuration by its hash.
     */
    private void assertSameRunExceptTheHeaders(
        final Path reference, final Path changed, final String key, final String value) throws IOException
    {
        final String referenceHash = stateHash(run(reference, "5", "2"));
        final Map<String, String> changedFlags = new HashMap<>(flags(changed, "5", "2"));
        changedFlags.put(key, value);
        if ("feed.file".equals(key))
        {
            changedFlags.remove("run.seed"); // a feed replaces the seeded flow: --seed with it is refused
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), changedFlags), new PrintWriter(out),
            new PrintWriter(err), true, false).journalClock(MID_HOUR).execute(), err.toString());

        assertEquals(referenceHash, stateHash(out.toString()), key + "=" + value);
        assertEquals(withoutHeaders(dump(reference, 2)), withoutHeaders(dump(changed, 2)),
            "journal records with the defaults and with " + key + "=" + value);
    }

    private static List<String> withoutHeaders(final List<String> records)
    {
        final List<String> kept = records.stream().filter(record -> !record.startsWith("HEADER")).toList();
        assertTrue(kept.size() > 100_000, "records=" + kept.size());
        return kept;
    }

    private static List<Path> warmUpScratch(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            // this JVM's only: other processes (parallel builds) may warm up in the same directory
            final String prefix = "concurrengine-warmup-" + ProcessHandle.current().pid() + "-";
            return files.filter(path -> path.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    @Test
    void shouldVerifyItsOwnJournalByReplayWithTheSameStateHash()
    {
        final Path journal = dir.resolve("journal");
        final String hash = stateHash(run(journal, "11", "2"));

        final StringWriter out = new StringWriter();
        final int exit = execute(new ReplayCommand(), out, new StringWriter(), journal.toString(), "--verify");
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("state hash " + hash), out.toString());
        assertTrue(out.toString().contains("verified"), out.toString());

        // shards replayed one after another or side by side: the same verdict and hash, reported in shard order
        for (final String threads : List.of("1", "2"))
        {
            final StringWriter threaded = new StringWriter();
            assertEquals(0, execute(new ReplayCommand(), threaded, new StringWriter(), journal.toString(), "--verify",
                "--threads", threads), threaded.toString());
            final String text = threaded.toString();
            assertTrue(text.contains("state hash " + hash), text);
            assertTrue(text.contains("on " + threads + " thread"), text);
            assertTrue(text.indexOf("shard 0:") < text.indexOf("shard 1:"), text);
        }
        final StringWriter json = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), json, new StringWriter(), journal.toString(), "--verify",
            "--json"), json.toString());
        final String object = json.toString().strip();
        assertTrue(object.startsWith("{") && object.endsWith("}") && !object.contains("\n"), object);
        assertEquals(hash, stateHash(object.substring(object.lastIndexOf("\"stateHash\""))), object);
        assertTrue(object.endsWith("\"result\":\"verified\"}"), object);
        assertTrue(object.contains("{\"shard\":0,") && object.contains("{\"shard\":1,"), object);
        assertTrue(object.contains("\"divergence\":null,\"damage\":null"), object);

        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new ReplayCommand(), new StringWriter(), err, journal.toString(), "--threads", "0"));
        assertTrue(err.toString().contains("--threads=0"), err.toString());
    }

    @Test
    void shouldNameTheFileWhenReplayMeetsATruncatedJournalAndSalvageThePrefix() throws IOException
    {
        final Path journal = dir.resolve("journal");
        run(journal, "3", "1");
        final Path cycle = cycleFile(ChronicleShardJournal.shardDirectory(journal, 0));
        final long written = lastNonZeroByte(cycle);
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw"))
        {
            file.setLength(written / 2);
        }

        final StringWriter err = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), new StringWriter(), err, journal.toString(), "--verify"));
        assertTrue(err.toString().contains("journal damaged"), err.toString());
        assertTrue(err.toString().contains(cycle.getFileName().toString()), err.toString());

        final StringWriter out = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), out, new StringWriter(), journal.toString(), "--verify",
            "--salvage"));
        assertTrue(out.toString().contains("intact prefix"), out.toString());
        assertTrue(out.toString().contains("NOT VERIFIED"), out.toString());
        assertTrue(out.toString().contains("state hash of the intact prefixes only"), out.toString());
        assertTrue(out.toString().contains("(the run's state is unknown)"), out.toString());

        final StringWriter json = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), json, new StringWriter(), journal.toString(), "--salvage",
            "--json", "--until", "999999999"));
        assertTrue(json.toString().contains("\"stateHash\":null,\"result\":\"not verified\""), json.toString());
    }

    @Test
    void shouldNameEveryDamagedShardAndReplayTheOthers() throws IOException
    {
        final Path journal = dir.resolve("journal");
        run(journal, "3", "3");
        final Path[] cycles = new Path[3];
        for (final int shard : new int[] {0, 2})
        {
            cycles[shard] = cycleFile(ChronicleShardJournal.shardDirectory(journal, shard));
            try (RandomAccessFile file = new RandomAccessFile(cycles[shard].toFile(), "rw"))
            {
                file.setLength(lastNonZeroByte(cycles[shard]) / 2);
            }
        }

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), out, err, journal.toString(), "--verify"));
        for (final int shard : new int[] {0, 2})
        {
            assertTrue(err.toString().contains("concurrengine replay: shard " + shard + " journal damaged") &&
                err.toString().contains(cycles[shard].getFileName().toString()), err.toString());
        }
        assertEquals(1, err.toString().split("run with --salvage", -1).length - 1, err.toString());
        assertTrue(out.toString().contains("shard 1: ") && out.toString().contains("every dispatch matched"),
            out.toString());
        assertTrue(out.toString().contains("not replayed: shards 0, 2 (above), so the run's state is unknown"),
            out.toString());
        assertFalse(out.toString().contains("state hash of"), out.toString());
        assertTrue(out.toString().endsWith("NOT VERIFIED" + System.lineSeparator()), out.toString());
    }

    @Test
    void shouldReplayEveryInputOfAClosedJournalWithJunkAfterItsEnd() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final String live = stateHash(run(journal, "3", "1"));
        final Path cycle = cycleFile(ChronicleShardJournal.shardDirectory(journal, 0));
        final long written = lastNonZeroByte(cycle);
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw"))
        {
            file.seek(written + 64);
            file.write(new byte[] {0x13, 0x57, 0x2A, 0x7F, 0x01, 0x00, 0x00, 0x40});
        }

        final StringWriter out = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), out, new StringWriter(), journal.toString(), "--verify",
            "--salvage"), "the file is damaged, so it is not verified");
        assertTrue(out.toString().contains("after the journal's end block, every input replayed"), out.toString());
        assertTrue(out.toString().contains("200,000 inputs"), out.toString());

        final StringWriter json = new StringWriter();
        execute(new ReplayCommand(), json, new StringWriter(), journal.toString(), "--salvage", "--json");
        assertTrue(json.toString().contains("\"damageAfterEnd\":true"), json.toString());
        assertTrue(json.toString().contains("\"stateHash\":\"" + live + "\""), json.toString());
    }

    @Test
    void shouldSayAJournalWithoutItsEndBlockWasNotClosedAndSalvageItWhole() throws IOException
    {
        final Path journal = dir.resolve("journal");
        run(journal, "4", "1");
        final Path shardDir = ChronicleShardJournal.shardDirectory(journal, 0);
        final long[] lastDocument = {-1};
        final Path[] lastFile = {null};
        JournalReader.open(shardDir).read((r) ->
        {
            lastDocument[0] = r.filePosition();
            lastFile[0] = r.file();
        });
        try (RandomAccessFile file = new RandomAccessFile(lastFile[0].toFile(), "rw"))
        {
            // what a run killed after its last block leaves: no END document after it
            file.seek(lastDocument[0]);
            final int length = Integer.reverseBytes(file.readInt()) & 0x3FFF_FFFF;
            final long endDocument = (lastDocument[0] + 4 + length + 3) & ~3L;
            file.seek(endDocument);
            file.write(new byte[4 + 48]);
        }

        final StringWriter err = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), new StringWriter(), err, journal.toString(), "--verify"));
        assertTrue(err.toString().contains("shard 0 journal not closed") && err.toString().contains("UNCLOSED"),
            err.toString());

        final StringWriter out = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), out, new StringWriter(), journal.toString(), "--verify",
            "--salvage"));
        assertTrue(out.toString().contains("journal not closed, replayed the intact prefix only"), out.toString());
        assertTrue(out.toString().contains("every dispatch matched"), out.toString());
        // every block is intact, but the last input's dispatches could have gone on in a block the run never wrote:
        // salvage replays the 200,000 inputs but that one
        assertTrue(out.toString().contains("shard 0: 199,999 inputs"), out.toString());

        final StringWriter json = new StringWriter();
        assertEquals(1, execute(new ReplayCommand(), json, new StringWriter(), journal.toString(), "--verify",
            "--json"));
        assertTrue(json.toString().contains("\"damage\":{\"reason\":\"UNCLOSED\",\"headline\":\"journal not closed\""),
            json.toString());
        assertTrue(json.toString().contains("\"stateHash\":null,\"result\":\"not verified\"}"), json.toString());
    }

    @Test
    void shouldStartAFeedFilesWheelsAtTheConfiguredCapacityAndTheSyntheticFlowsAtWhatItsModelsExpect()
        throws IOException
    {
        final Path csv = writeFeedFile(dir.resolve("flow.csv"), "5", 30_000, -1);
        final Map<String, String> fileFlags = new FeedRunFlags().feed(csv).journal(dir.resolve("file")).toMap();
        fileFlags.put("engine.wheel_capacity", "100000");
        final Map<String, Long> file = finalCounters(fileFlags, "file");
        assertEquals(100_000, file.get("shard-0: wheel capacity"), file.toString());
        assertEquals(100_000, file.get("shard-1: wheel capacity"), file.toString());

        final Map<String, String> syntheticFlags = new java.util.HashMap<>(Map.of(
            "run.events", "30000", "run.duration", "0s", "run.progress", "false", "engine.wheel_capacity", "1000",
            "journal.dir", dir.resolve("synthetic").toString()));
        final Map<String, Long> synthetic = finalCounters(syntheticFlags, "synthetic");
        final int[] expected = MarketShardModel.timerCapacities(new ConfigLoader().load(null, Map.of(), syntheticFlags));
        assertTrue(expected[0] > 1000 && expected[1] > 1000, java.util.Arrays.toString(expected));
        assertEquals(expected[0], synthetic.get("shard-0: wheel capacity"), synthetic.toString());
        assertEquals(expected[1], synthetic.get("shard-1: wheel capacity"), synthetic.toString());
    }

    /** Run with these flags and a counters file of this name; return the final counters by label. */
    private Map<String, Long> finalCounters(final Map<String, String> flags, final String name) throws IOException
    {
        final Path counters = dir.resolve(name + "-counters.dat");
        final Map<String, String> withCounters = new java.util.HashMap<>(flags);
        withCounters.put("telemetry.counters", "true");
        withCounters.put("telemetry.counters_file", counters.toString());
        final StringWriter err = new StringWriter();
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), withCounters),
            new PrintWriter(new StringWriter()), new PrintWriter(err), false, false).journalClock(MID_HOUR).execute(),
            err.toString());
        final Map<String, Long> values = new java.util.HashMap<>();
        try (CountersFile file = CountersFile.open(counters))
        {
            file.reader().forEach((value, id, label) -> values.put(label, value));
        }
        return values;
    }

    @Test
    void shouldPublishShardCountersInTheCountersFile() throws IOException
    {
        final Path counters = dir.resolve("counters.dat");
        final Map<String, String> flags = new java.util.HashMap<>(Map.of(
            "run.events", "300000", "run.duration", "0s", "run.rate", "150000", "run.progress", "false",
            "market.instruments", "256", "journal.enabled", "false"));
        flags.put("telemetry.counters_file", counters.toString());
        final EngineConfig config = new ConfigLoader().load(null, Map.of(), flags);
        final StringWriter out = new StringWriter();
        assertEquals(0, new RunJob(config, new PrintWriter(out), new PrintWriter(new StringWriter()), true, false)
            .journalClock(MID_HOUR).execute());

        final Map<String, Long> values = new java.util.HashMap<>();
        try (CountersFile file = CountersFile.open(counters))
        {
            assertTrue(!file.ownerRunning(), "the run marked its counters final");
            file.reader().forEach((value, id, label) -> values.put(label, value));
        }
        assertEquals(300_000, values.get("shard-0: inputs") + values.get("shard-1: inputs"));
        for (final String shard : new String[]{ "shard-0: ", "shard-1: " })
        {
            final long p50 = values.get(shard + "last interval P50 ns");
            final long p99 = values.get(shard + "last interval P99 ns");
            final long p999 = values.get(shard + "last interval P99.9 ns");
            final long max = values.get(shard + "last interval max ns");
            assertTrue(0 < p50 && p50 <= p99 && p99 <= p999 && p999 <= max, shard + values);
        }
        assertTrue(values.get("shard-1: dispatched") >= values.get("shard-1: inputs"), values.toString());
    }

    @Test
    void shouldRefuseADirectoryThatIsNotARunsJournal() throws IOException
    {
        final Path empty = Files.createDirectories(dir.resolve("empty"));
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new ReplayCommand(), new StringWriter(), err, empty.toString()));
        assertTrue(err.toString().contains("run.toml is missing"), err.toString());
    }

    @Test
    void shouldSayARunTomlOfZerosDidNotReachTheDisk() throws IOException
    {
        final Path journal = Files.createDirectories(dir.resolve("zeroed"));
        // its length reached the disk, not its data
        Files.write(journal.resolve(RunJournalDir.RUN_CONFIG_FILE), new byte[4096]);
        for (final Object command : new Object[] {new ReplayCommand(), new InspectCommand()})
        {
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(command, new StringWriter(), err, journal.toString()));
            assertTrue(err.toString().contains(journal.resolve(RunJournalDir.RUN_CONFIG_FILE) + ": (file): its first " +
                "4096 of 4096 bytes are zeros: the run's configuration did not reach the disk"), err.toString());
        }
    }

    @Test
    void shouldSayAJournalDirectoryGivenToReplayOrInspectDoesNotExistOrIsAFile() throws IOException
    {
        final Path missing = dir.resolve("no-such-journal");
        final Path file = Files.writeString(dir.resolve("notes.txt"), "not a journal\n");
        for (final Object command : new Object[] {new ReplayCommand(), new InspectCommand()})
        {
            final StringWriter absent = new StringWriter();
            assertEquals(2, execute(command, new StringWriter(), absent, missing.toString()));
            assertTrue(absent.toString().contains(missing + ": (directory): no such directory"), absent.toString());
        }
        for (final Object command : new Object[] {new ReplayCommand(), new InspectCommand()})
        {
            final StringWriter notADirectory = new StringWriter();
            assertEquals(2, execute(command, new StringWriter(), notADirectory, file.toString()));
            assertTrue(notADirectory.toString().contains(file + ": (directory): a file, not a run's journal directory"),
                notADirectory.toString());
        }
    }

    @Test
    void shouldPrintFilteredRecordsWithInspect()
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");
        final StringWriter out = new StringWriter();
        assertEquals(0, execute(new InspectCommand(), out, new StringWriter(), journal.toString(),
            "--type", "ADD", "--limit", "5"));
        final String[] lines = out.toString().split("\n");
        assertEquals("# shard 0", lines[0]);
        assertTrue(lines[1].startsWith("HEADER "), out.toString());
        assertEquals(8, lines.length, "the heading, the cycle file's HEADER, 5 records, the closing line: " + out);
        for (int i = 2; i < 7; i++)
        {
            assertTrue(lines[i].contains(" type=" + MarketEvents.ADD + "(Add) "), lines[i]);
        }
        assertEquals("# shard 0: stopped at --limit 5; more records may follow (raise --limit)", lines[7]);
    }

    @Test
    void shouldFilterInspectByRecordKindAndEventType()
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");

        final StringWriter dispatches = new StringWriter();
        assertEquals(0, execute(new InspectCommand(), dispatches, new StringWriter(), journal.toString(),
            "--type", "Dispatch,add", "--limit", "20"));
        final List<String> lines = List.of(dispatches.toString().split("\n"));
        assertEquals("# shard 0", lines.get(0));
        assertEquals(22, lines.size(), dispatches.toString());
        assertTrue(lines.get(21).startsWith("# shard 0: stopped at --limit 20"), lines.get(21));
        for (final String line : lines.subList(1, 21))
        {
            assertTrue(line.startsWith("DISPATCH ") && line.contains(" type=" + MarketEvents.ADD + "(Add) "), line);
        }

        final StringWriter kinds = new StringWriter();
        assertEquals(0, execute(new InspectCommand(), kinds, new StringWriter(), journal.toString(),
            "--type", "header,input", "--limit", "4"));
        final List<String> kindLines = List.of(kinds.toString().split("\n"));
        assertEquals(7, kindLines.size(), "--limit counts records, not the HEADER: " + kinds);
        assertTrue(kindLines.get(1).startsWith("HEADER "), kinds.toString());
        assertTrue(kindLines.subList(2, 6).stream().allMatch((l) -> l.startsWith("INPUT ")), kinds.toString());

        final StringWriter failed = new StringWriter();
        assertEquals(0, execute(new InspectCommand(), failed, new StringWriter(), journal.toString(),
            "--type", "failed"));
        assertEquals("# no record matched --type failed in the journal's one shard", failed.toString().strip(),
            "no handler threw, so no failed dispatch is listed");
    }

    @Test
    void shouldRefuseAnInspectTypeItDoesNotKnowNamingIt()
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");

        final StringWriter unknown = new StringWriter();
        assertEquals(2, execute(new InspectCommand(), new StringWriter(), unknown, journal.toString(),
            "--type", "dispatch,trade"));
        assertTrue(unknown.toString().contains("--type=trade is neither a record kind"), unknown.toString());

        final StringWriter two = new StringWriter();
        assertEquals(2, execute(new InspectCommand(), new StringWriter(), two, journal.toString(),
            "--type", "add,cancel"));
        assertTrue(two.toString().contains("names two event types, add and cancel"), two.toString());

        final StringWriter range = new StringWriter();
        assertEquals(2, execute(new InspectCommand(), new StringWriter(), range, journal.toString(),
            "--from", "10", "--to", "5"));
        assertTrue(range.toString().contains("--from 10 is after --to 5: no record can match"), range.toString());

        final StringWriter limit = new StringWriter();
        assertEquals(2, execute(new InspectCommand(), new StringWriter(), limit, journal.toString(),
            "--limit", "0"));
        assertTrue(limit.toString().contains("--limit 0: records per shard must be at least 1"), limit.toString());

        final StringWriter negative = new StringWriter();
        assertEquals(2, execute(new InspectCommand(), new StringWriter(), negative, journal.toString(),
            "--type", "-1"));
        assertTrue(negative.toString().contains("--type -1: event types are not negative"), negative.toString());

        // beyond an int, a number still: it was "neither a record kind nor an event type"
        for (final String huge : new String[]{ "2147483648", "99999999999999999999", "-2147483649" })
        {
            final StringWriter beyond = new StringWriter();
            assertEquals(2, execute(new InspectCommand(), new StringWriter(), beyond, journal.toString(),
                "--type", huge));
            assertTrue(beyond.toString().contains("--type " + huge + ": " + (huge.startsWith("-") ?
                "event types are not negative" : "the market model's event types are 0 to ")), beyond.toString());
        }
    }

    @Test
    void shouldRefuseAShardTheJournalDoesNotHaveInsteadOfReportingItVerified()
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "2");

        final StringWriter replayErr = new StringWriter();
        final StringWriter replayOut = new StringWriter();
        assertEquals(2, execute(new ReplayCommand(), replayOut, replayErr, journal.toString(), "--shard", "2",
            "--verify"));
        assertTrue(replayErr.toString().contains("--shard 2: the journal in " + journal + " has 2 shards, 0 to 1"),
            replayErr.toString());
        assertTrue(!replayOut.toString().contains("verified"), replayOut.toString());

        final StringWriter inspectErr = new StringWriter();
        assertEquals(2, execute(new InspectCommand(), new StringWriter(), inspectErr, journal.toString(),
            "--shard", "-1"));
        assertTrue(inspectErr.toString().contains("--shard -1: the journal in " + journal + " has 2 shards"),
            inspectErr.toString());

        final StringWriter until = new StringWriter();
        assertEquals(2, execute(new ReplayCommand(), new StringWriter(), until, journal.toString(), "--until", "-1"));
        assertTrue(until.toString().contains("--until -1: engine time is not negative"), until.toString());

        final StringWriter last = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), last, new StringWriter(), journal.toString(), "--shard", "1",
            "--verify"), last.toString());
        assertTrue(last.toString().contains("verified"), last.toString());
    }

    @Test
    void shouldLeaveThePreviousJournalAsItWasWhenARunIsRefusedAtStart() throws IOException
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");
        final List<String> before = dump(journal, 1);
        final String runConfig = Files.readString(journal.resolve("run.toml"));

        final Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        final Map<String, String> flags = new java.util.HashMap<>(flags(journal, "6", "2"));
        flags.put("telemetry.counters", "true");
        flags.put("telemetry.counters_file", notADirectory.resolve("counters.dat").toString());
        final StringWriter err = new StringWriter();
        assertEquals(2, new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(new StringWriter()),
            new PrintWriter(err), true, false).journalClock(MID_HOUR).execute());
        assertTrue(err.toString().contains("counters file " + notADirectory.resolve("counters.dat") +
            " cannot be created"), err.toString());

        assertEquals(runConfig, Files.readString(journal.resolve("run.toml")));
        assertEquals(before, dump(journal, 1));
        assertReplaysBitForBit(journal);
    }

    @Test
    void shouldSayARunStoppedOnRequestEndedEarlyAndKeepItsJournal() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final BackgroundRun background = new BackgroundRun(journal, "200000");
        final int exit = background.stop();
        final String out = background.out.toString();

        assertEquals(0, exit, out);
        assertTrue(out.contains("\"stoppedEarly\":true"), out);
        assertReplaysBitForBit(journal);

        final StringWriter whole = new StringWriter();
        assertEquals(0, new RunJob(config(dir.resolve("whole"), "3", "1"), new PrintWriter(whole),
            new PrintWriter(new StringWriter()), false, false).journalClock(MID_HOUR).execute());
        assertTrue(!whole.toString().contains("stopped early"), whole.toString());
    }

    @Test
    void shouldRefuseFlagsThatContradictEachOther()
    {
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new RunCommand(), new StringWriter(), err, "--no-journal", "--journal",
            dir.resolve("journal").toString()));
        assertTrue(err.toString().contains("--journal " + dir.resolve("journal") + " and --no-journal contradict"),
            err.toString());
        assertTrue(!Files.exists(dir.resolve("journal")));

        final StringWriter fsync = new StringWriter();
        assertEquals(2, execute(new RunCommand(), new StringWriter(), fsync, "--no-journal", "--fsync", "on-close"));
        assertTrue(fsync.toString().contains("--fsync on-close and --no-journal contradict"), fsync.toString());
    }

    @Test
    void shouldTakeTheFsyncPolicyAsAFlagAndRefuseAnUnknownOne() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final StringWriter out = new StringWriter();
        assertEquals(0, execute(new RunCommand(), out, new StringWriter(), "--events", "20000", "--journal",
            journal.toString(), "--fsync", "on-close", "--json", "--no-counters"), out.toString());
        assertTrue(Files.readString(journal.resolve(RunJournalDir.RUN_CONFIG_FILE)).contains("fsync = \"on-close\""));

        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new RunCommand(), new StringWriter(), err, "--events", "1000", "--journal",
            dir.resolve("other").toString(), "--fsync", "always"));
        assertTrue(err.toString().contains("journal.fsync"), err.toString());
        assertTrue(err.toString().contains("expected one of none, on-close, per-block, found string \"always\""),
            err.toString());
    }

    @Test
    void shouldRefuseRingsThatDoNotFitTheHeapNamingTheKeys()
    {
        final Map<String, String> flags = new java.util.HashMap<>(flags(dir.resolve("journal"), "1", "2"));
        flags.put("engine.ring_size", "1048576");
        final RunEngineFactory engines = new RunEngineFactory(new ConfigLoader().load(null, Map.of(), flags),
            new PrintWriter(new StringWriter()));

        // 2 shards x (1,048,576 + 1,024 slots) x 64 bytes = 134,348,800 bytes
        assertEquals(null, engines.checkRingMemory(2 * 134_348_800L));
        final String problem = engines.checkRingMemory(2 * 134_348_800L - 1);
        assertTrue(problem.startsWith("engine.ring_size=1048576 (flag for engine.ring_size) and " +
            "engine.priority_ring_size=1024 (embedded default-engine.toml:9:1) with 2 shards (engine.shards, flag for " +
            "engine.shards) need 134,348,800 bytes of input rings"), problem);
        assertTrue(problem.endsWith("lower engine.ring_size or raise the heap (-Xmx)"), problem);
    }

    @Test
    void shouldRefuseWheelsThatDoNotFitTheDirectMemoryNamingTheKey()
    {
        final Map<String, String> flags = new java.util.HashMap<>(flags(dir.resolve("journal"), "1", "2"));
        flags.put("engine.wheel_capacity", "8M");
        final EngineConfig config = new ConfigLoader().load(null, Map.of(), flags);
        final RunEngineFactory engines = new RunEngineFactory(config, new PrintWriter(new StringWriter()));
        final int[] expected = MarketShardModel.timerCapacities(config);
        assertTrue(expected[0] < 8_000_000 && expected[1] < 8_000_000, java.util.Arrays.toString(expected));

        // 2 shards x 8,000,000 records x 64 bytes, and 64 bytes each to align them: 1,024,000,128 bytes
        assertEquals(null, engines.checkWheelMemory(1_024_000_128L / 3 * 4 + 4));
        final String problem = engines.checkWheelMemory(1_024_000_128L);
        assertTrue(problem.startsWith("engine.wheel_capacity=8000000 (flag for engine.wheel_capacity) with 2 shards " +
            "(engine.shards, flag for engine.shards) needs 1,024,000,128 bytes of timing wheels"), problem);
        assertTrue(problem.contains("lower engine.wheel_capacity or raise the limit (-XX:MaxDirectMemorySize"),
            problem);
        assertTrue(RunEngineFactory.maxDirectMemory() > 0);

        flags.put("engine.wheel_capacity", "1");
        final EngineConfig modelSized = new ConfigLoader().load(null, Map.of(), flags);
        final String sizedByModel = new RunEngineFactory(modelSized, new PrintWriter(new StringWriter()))
            .checkWheelMemory(1 << 20);
        assertTrue(sizedByModel.contains("lower market.instruments or market.time_in_force_percent (the model's " +
            "timers size the wheels, not engine.wheel_capacity) or raise the limit"), sizedByModel);
    }

    @Test
    void shouldRefuseToOverwriteADirectoryItDidNotWrite() throws IOException
    {
        final Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("precious.txt"), "keep me");
        final EngineConfig config = config(foreign, "1", "1");
        final StringWriter err = new StringWriter();
        assertEquals(2, new RunJob(config, new PrintWriter(new StringWriter()), new PrintWriter(err), true, false)
            .journalClock(MID_HOUR).execute());
        assertTrue(err.toString().contains("holds files that no earlier run wrote"), err.toString());
        assertTrue(Files.exists(foreign.resolve("precious.txt")));
    }

    @Test
    void shouldRefuseAJournalSplicedFromAnotherRunOrShardOrReadWithAnEditedConfiguration() throws IOException
    {
        final Path original = dir.resolve("original");
        run(original, "11", "2");
        final Path other = dir.resolve("other");
        run(other, "7", "2");

        final Path fromOtherRun = copy(original, dir.resolve("from-other-run"));
        replaceShard(fromOtherRun, other, 1);
        final Path sameShardTwice = copy(original, dir.resolve("same-shard-twice"));
        replaceShard(sameShardTwice, original, 0);
        final Path fewerShards = copy(original, dir.resolve("fewer-shards"));
        Files.writeString(fewerShards.resolve("run.toml"),
            Files.readString(fewerShards.resolve("run.toml")).replace("shards = 2", "shards = 1"));
        final Path otherBand = copy(original, dir.resolve("other-band"));
        Files.writeString(otherBand.resolve("run.toml"),
            Files.readString(otherBand.resolve("run.toml")).replace("band_width = 1024", "band_width = 512"));

        for (final Path spliced : List.of(fromOtherRun, sameShardTwice, fewerShards, otherBand))
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(1, execute(new ReplayCommand(), out, err, spliced.toString(), "--verify"), spliced + ": " +
                out + err);
            assertTrue((out.toString() + err).contains("IDENTITY_MISMATCH"), spliced + ": " + out + err);
            assertTrue(!out.toString().contains("verified: the journal replays bit for bit"), out.toString());
            final StringWriter inspectErr = new StringWriter();
            assertEquals(1, execute(new InspectCommand(), new StringWriter(), inspectErr, spliced.toString()),
                spliced + ": " + inspectErr);
            assertTrue(inspectErr.toString().contains("IDENTITY_MISMATCH"), inspectErr.toString());
        }
        final StringWriter intact = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), intact, new StringWriter(), original.toString(), "--verify"),
            intact.toString());
    }

    @Test
    void shouldReplayAJournalWhoseRunTomlAnEarlierReleaseWroteWithFewerKeys() throws IOException
    {
        // An earlier release wrote run.toml without the keys added since, and hashed that text into its headers.
        // Loading such a file fills those keys with defaults: re-serialized, it would hash differently. Mimic one: a
        // journal headed with the hash of a text lacking a key, beside that text.
        final Path journal = dir.resolve("journal");
        run(journal, "5", "2");
        final String written = Files.readString(journal.resolve("run.toml"));
        final String older = written.replace("packed = true\n", "");
        assertTrue(older.length() < written.length(), written);
        assertNotEquals(EngineConfig.hashOf(older), new ConfigLoader().load(
            Files.writeString(dir.resolve("older.toml"), older), Map.of(), Map.of()).hash(),
            "re-serialized, the older file's hash changes");
        assertEquals(EngineConfig.hashOf(written), config(journal, "5", "2").hash());
        assertEquals(EngineConfig.hashOf(written), ReplayCommand.loadRun(journal).hash(),
            "replay expects the hash of the text as written");
    }

    @Test
    void shouldRunNothingAndKeepTheEarlierJournalWhenStoppedDuringTheWarmUp() throws Exception
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");
        final List<String> before = dump(journal, 1);
        final Map<String, String> flags = new java.util.HashMap<>(flags(journal, "6", "1"));
        flags.put("run.warmup", "2s");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), true, false).journalClock(MID_HOUR);
        final Thread stopper = new Thread(() ->
        {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            job.requestStopAndAwait(TimeUnit.SECONDS.toNanos(60));
        });
        stopper.start();
        assertEquals(0, job.execute(), err.toString());
        stopper.join();

        assertTrue(err.toString().contains("stopped during the warm-up: nothing was run; the journal dir " + journal +
            " is as it was"), err.toString());
        assertEquals("", out.toString(), "no summary of a run that did not happen");
        assertEquals(before, dump(journal, 1));
    }

    /**
     * Ctrl-C or SIGTERM while the engine is built (a second or so after the JVM's start, on a slow machine): the engine
     * was started, ran nothing and replaced the earlier run's journal with an empty one, its summary printed as a run
     * stopped early. Now it is not started, and the earlier journal stays, as after a stop during the warm-up.
     */
    @Test
    void shouldRunNothingAndKeepTheEarlierJournalWhenStoppedAsItsEngineIsBuilt()
    {
        assertStoppedBeforeItStarted(job -> job.beforeStart(job::requestStop)); // the signal, once the engine is built
    }

    /**
     * As {@link #shouldRunNothingAndKeepTheEarlierJournalWhenStoppedAsItsEngineIsBuilt}, the signal coming as the
     * engine starts (its journals created, its shard threads started): it is stopped at once, having run nothing, and
     * the earlier journal is put back in place of its empty one, as after a start that failed.
     */
    @Test
    void shouldRunNothingAndPutTheEarlierJournalBackWhenStoppedAsItsEngineStarts()
    {
        final Path journal = assertStoppedBeforeItStarted(job -> job.afterStart(job::requestStop)); // as it started
        assertFalse(Files.exists(journal.resolve("earlier-run")), "moved back");
    }

    /**
     * Run a job on an earlier run's journal, stopped by {@code signal} as a signal would stop it, and check that it
     * ran nothing, printed no summary and left the earlier journal as it was.
     *
     * @return the journal directory.
     */
    private Path assertStoppedBeforeItStarted(final Consumer<RunJob> signal)
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");
        final List<String> before = dump(journal, 1);
        final StringWriter out = new StringWriter();
        final RunJob job = new RunJob(config(journal, "6", "1"), new PrintWriter(out),
            new PrintWriter(new StringWriter()), true, false).journalClock(MID_HOUR);
        signal.accept(job);

        assertEquals(0, job.execute());
        assertEquals("", out.toString(), "no summary of a run that did not happen");
        assertEquals(new CommandError("run", 0, "stopped", "stopped before it started: nothing was run; the journal " +
            "dir " + journal + " is as it was"), job.refusal());
        assertFalse(job.journalReplaced());
        assertEquals(before, dump(journal, 1));
        return journal;
    }

    @Test
    void shouldWriteThePacedRateAsANumberAndMaxAsAWordInTheJson()
    {
        final Map<String, String> paced = new HashMap<>(flags(dir.resolve("paced"), "5", "1"));
        paced.put("run.events", "2000");
        paced.put("run.rate", "20k");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, new RunJob(new ConfigLoader().load(null, Map.of(), paced), new PrintWriter(out),
            new PrintWriter(err), true, false).journalClock(MID_HOUR).execute(), err.toString());
        assertTrue(out.toString().contains("\"rate\":20000.0,"), out.toString());

        final StringWriter maxOut = new StringWriter();
        assertEquals(0, new RunJob(config(dir.resolve("max"), "5", "1"), new PrintWriter(maxOut),
            new PrintWriter(new StringWriter()), true, false).journalClock(MID_HOUR).execute());
        assertTrue(maxOut.toString().contains("\"rate\":\"max\","), maxOut.toString());
    }

    @Test
    void shouldStopTheEngineAndCloseItsJournalWhenAnObserverFails()
    {
        final Path journal = dir.resolve("journal");
        final Map<String, String> flags = new HashMap<>(flags(journal, "5", "2"));
        flags.put("run.events", "200000000");
        final IllegalStateException sampler = new IllegalStateException("sampler failed");
        final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags),
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), true, false,
            new RunObserver()
            {
                @Override
                public void onTick(final Engine engine, final long published, final long elapsedNanos)
                {
                    if (published > 0)
                    {
                        throw sampler;
                    }
                }
            }, "soak").journalClock(MID_HOUR);

        assertSame(sampler, assertThrows(IllegalStateException.class, job::execute));

        assertEquals(-1, RunLock.holder(journal), "the run lock is released once the engine has stopped");
        final StringWriter replayOut = new StringWriter();
        final StringWriter replayErr = new StringWriter();
        assertEquals(0, execute(new ReplayCommand(), replayOut, replayErr, journal.toString(), "--verify"),
            replayErr.toString());
        assertTrue(replayOut.toString().contains("verified: the journal replays bit for bit"), replayOut.toString());
    }

    @Test
    void shouldSayInWordsWhyAJournalDirectoryCannotBeCreated() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        final Path journal = file.resolve("journal");

        final StringWriter err = new StringWriter();
        assertEquals(2, new RunJob(config(journal, "5", "1"), new PrintWriter(new StringWriter()),
            new PrintWriter(err), true, false).journalClock(MID_HOUR).execute());
        assertTrue(err.toString().contains("journal dir " + journal + " cannot be used: " + file +
            " is a file, not a directory, in the path " + journal), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertEquals("not a directory", Files.readString(file));
    }

    @Test
    void shouldRefuseAnEarlierRunsJournalDirectoryThatAlsoHoldsOtherFiles() throws IOException
    {
        final Path journal = dir.resolve("journal");
        run(journal, "5", "1");
        Files.writeString(journal.resolve("notes.txt"), "mine");
        Files.createDirectories(journal.resolve("backup"));

        final StringWriter err = new StringWriter();
        assertEquals(2, new RunJob(config(journal, "6", "1"), new PrintWriter(new StringWriter()),
            new PrintWriter(err), true, false).journalClock(MID_HOUR).execute());
        assertTrue(err.toString().contains("journal dir " + journal + " holds "), err.toString());
        assertTrue(err.toString().contains(", which no earlier run wrote"), err.toString());
        assertEquals("mine", Files.readString(journal.resolve("notes.txt")));
        assertTrue(Files.isDirectory(journal.resolve("backup")));
        assertEquals(0, execute(new ReplayCommand(), new StringWriter(), new StringWriter(), journal.toString(),
            "--verify"), "the earlier run's journal is kept");
    }

    @Test
    void shouldNotTouchOrReplayAsDamagedAJournalARunIsStillWriting() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final BackgroundRun background = new BackgroundRun(journal, "100000");
        int exit = -1;
        try
        {
            assertEquals(ProcessHandle.current().pid(), RunLock.holder(journal));

            final StringWriter secondErr = new StringWriter();
            assertEquals(2, new RunJob(config(journal, "4", "2"), new PrintWriter(new StringWriter()),
                new PrintWriter(secondErr), true, false).journalClock(MID_HOUR).execute());
            assertTrue(secondErr.toString().contains("journal dir " + journal + " is being written by a run in " +
                "progress (pid " + ProcessHandle.current().pid() + "); wait for it to end"), secondErr.toString());

            final StringWriter replayErr = new StringWriter();
            assertEquals(ReplayCommand.STILL_BEING_WRITTEN, execute(new ReplayCommand(), new StringWriter(),
                replayErr, journal.toString(), "--verify"));
            assertTrue(replayErr.toString().contains("is being written by a run in progress (pid "),
                replayErr.toString());
            assertTrue(replayErr.toString().contains("replay it when the run has ended, or with --salvage"),
                replayErr.toString());

            // the run writes its first data block when its first batch is journaled: on a loaded machine that can
            // be seconds after its shard directories appear, so inspect is asked again until it has one to print
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            StringWriter inspectOut;
            StringWriter inspectErr;
            do
            {
                inspectOut = new StringWriter();
                inspectErr = new StringWriter();
                execute(new InspectCommand(), inspectOut, inspectErr, journal.toString(), "--limit", "3");
                assertTrue(inspectErr.toString().contains("is being written by a run in progress"),
                    inspectErr.toString());
            }
            while (!inspectOut.toString().contains("INPUT") && System.nanoTime() < deadline && sleep(50));
            assertTrue(inspectOut.toString().contains("INPUT"), inspectOut.toString());
        }
        finally
        {
            exit = background.stop();
        }
        assertEquals(0, exit);
        assertEquals(-1, RunLock.holder(journal), "released when the run ended");
        assertEquals(-1, RunLock.holder(journal), "the file may stay, unlocked");
        assertReplaysBitForBit(journal);
    }

    @Test
    void shouldNotCallAFileSystemThatHoldsNoFilesNearlyFull()
    {
        // proc reports 0 bytes of 0: the run is refused for what creating the directory says, not for a full disk
        final Path journal = Path.of("/proc/concurrengine-run-test");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = new RunJob(config(journal, "1", "1"), new PrintWriter(out), new PrintWriter(err), true, false)
            .journalClock(MID_HOUR).execute();

        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("journal dir " + journal + " cannot be used: "), err.toString());
        assertFalse(err.toString().contains("nearly full"), err.toString());
    }

    @Test
    void shouldRefuseARunOnANearlyFullFileSystemBeforeClearingAnything()
    {
        final Path journal = dir.resolve("journal");
        assertEquals(null, RunJournalDir.checkSpace(journal, 64L << 20, 64L << 20, "--journal DIR"));
        assertEquals(null, RunJournalDir.checkSpace(journal, -1, 64L << 20, "--journal DIR"),
            "unknown: the writer checks as it writes");
        final String full = RunJournalDir.checkSpace(journal, (64L << 20) - 1, 64L << 20, "--journal DIR");
        assertEquals("journal dir " + journal + ": its file system is nearly full, 67,108,863 bytes usable, below " +
            "the 67,108,864 bytes the journal keeps free; free some space (an earlier run's journal there is kept) " +
            "or choose another --journal DIR", full);
    }

    /**
     * A two-shard run, paced and bounded by ten minutes, on a thread of its own, until {@link #stop()}; constructed
     * once it is writing its journal.
     */
    private static final class BackgroundRun
    {
        final StringWriter out = new StringWriter();
        private final RunJob job;
        private final Thread thread;
        private final int[] exit = {-1};

        BackgroundRun(final Path journal, final String rate) throws InterruptedException
        {
            final Map<String, String> flags = new java.util.HashMap<>(flags(journal, "3", "2"));
            flags.put("run.events", "0");
            flags.put("run.duration", "10m");
            flags.put("run.rate", rate);
            job = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
                new PrintWriter(new StringWriter()), true, false).journalClock(MID_HOUR);
            thread = new Thread(() -> exit[0] = job.execute());
            thread.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ChronicleShardJournal.shardDirectory(journal, 1)) && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            Thread.sleep(300);
        }

        int stop() throws InterruptedException
        {
            job.requestStopAndAwait(TimeUnit.SECONDS.toNanos(60));
            thread.join();
            return exit[0];
        }
    }

    private static boolean sleep(final long millis) throws InterruptedException
    {
        Thread.sleep(millis);
        return true;
    }

    private static Path copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)walk::iterator)
            {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
        return to;
    }

    private static void replaceShard(final Path journal, final Path source, final int sourceShard) throws IOException
    {
        final Path target = ChronicleShardJournal.shardDirectory(journal, 1);
        try (Stream<Path> walk = Files.walk(target))
        {
            for (final Path path : (Iterable<Path>)walk.sorted(java.util.Comparator.reverseOrder())::iterator)
            {
                Files.delete(path);
            }
        }
        copy(ChronicleShardJournal.shardDirectory(source, sourceShard), target);
    }

    private String run(final Path journal, final String seed, final String shards)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit = new RunJob(config(journal, seed, shards), new PrintWriter(out), new PrintWriter(err), true,
            false).journalClock(MID_HOUR).execute();
        assertEquals(0, exit, err.toString());
        return out.toString();
    }

    private static EngineConfig config(final Path journal, final String seed, final String shards)
    {
        return new ConfigLoader().load(null, Map.of(), flags(journal, seed, shards));
    }

    private static Map<String, String> flags(final Path journal, final String seed, final String shards)
    {
        return Map.of(
            "run.events", "200000",
            "run.duration", "0s",
            "run.seed", seed,
            "run.progress", "false",
            "engine.shards", shards,
            "market.instruments", "256",
            "journal.dir", journal.toString(),
            "telemetry.counters", "false");
    }

    private static String stateHash(final String json)
    {
        final Matcher matcher = STATE_HASH.matcher(json);
        assertTrue(matcher.find(), json);
        return matcher.group(1);
    }

    private static List<String> dump(final Path journal, final int shards)
    {
        final List<String> lines = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++)
        {
            JournalReader.open(ChronicleShardJournal.shardDirectory(journal, shard)).read(record ->
                lines.add(record.kind() + " " + record.time() + " " + record.seq() + " " + record.type() + " " +
                record.target() + " " + record.a0() + " " + record.a1() + " " + record.a2() + " " + record.a3() +
                " " + record.failed() + (null == record.header() ? "" : " " + record.header())));
        }
        assertTrue(lines.size() > 200_000, "records " + lines.size());
        return lines;
    }

    private static long lastNonZeroByte(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        int last = bytes.length - 1;
        while (last > 0 && bytes[last] == 0)
        {
            last--;
        }
        return last;
    }

    /**
     * @return the shard's cycle file: its only one, as a run journaled by {@link #MID_HOUR} cannot cross a cycle
     * boundary (the top of the hour).
     */
    private static Path cycleFile(final Path shardDir) throws IOException
    {
        final List<Path> cycles = cycleFiles(shardDir);
        assertEquals(1, cycles.size(), String.valueOf(cycles));
        return cycles.get(0);
    }

    private static List<Path> cycleFiles(final Path shardDir) throws IOException
    {
        try (Stream<Path> files = Files.list(shardDir))
        {
            return files.filter(path -> path.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    private static int execute(final Object command, final StringWriter out, final StringWriter err,
        final String... args)
    {
        final CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    /**
     * The heap run out as the shards built their cores ({@code run -Xmx104m}: the build fitted, the start did not) was
     * refused as 'cannot start the engine: engine failed to start: Java heap space', exit 1, where a build that does
     * not fit is the memory refusal, exit 2, saying to raise the heap. The start's failure is now looked through for
     * the heap's OutOfMemoryError; another memory's, which -Xmx does not help, is not taken for it.
     */
    @Test
    void shouldTakeAStartThatRanOutOfHeapForTheMemoryRefusalButNotAnotherMemorysOutOfMemory()
    {
        final OutOfMemoryError heap = new OutOfMemoryError("Java heap space");

        assertSame(heap, RunJob.heapExhausted(heap));
        assertSame(heap, RunJob.heapExhausted(new IllegalStateException("engine failed to start: Java heap space",
            heap)));
        assertSame(null, RunJob.heapExhausted(new IllegalStateException("engine failed to start",
            new OutOfMemoryError("Cannot reserve 8388608 bytes of direct buffer memory"))));
        assertSame(null, RunJob.heapExhausted(new OutOfMemoryError("unable to create native thread")));
        assertSame(null, RunJob.heapExhausted(new IllegalStateException("journal refused")));
    }
}
