package io.concurrengine.bench.pipeline;

import io.concurrengine.tools.feed.PacedFeed;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness's options: each default, each value read back as given, and a bad value refused naming its option.
 */
class BenchOptionsTest
{
    @Test
    void shouldGiveEveryDefaultOfTheUsage()
    {
        final BenchOptions options = BenchOptions.parse(new String[] { "burst" });

        assertEquals("burst", options.mode());
        assertEquals("burst", options.name());
        assertEquals(Path.of("bench/results/pipeline"), options.out());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "concurrengine-pipeline-bench"), options.work());
        assertEquals(List.of("disruptor", "abq"), options.pipelines());
        assertEquals(List.of(true, false), options.journal());
        assertEquals(List.of("market"), options.models());
        assertEquals(30.0, options.seconds());
        assertEquals(0, options.events());
        assertEquals(2, options.rounds());
        assertEquals(List.of("1M", "half"), options.rates());
        assertEquals(0.0, options.maxRate());
        assertEquals(12.0, options.pacedSeconds());
        assertEquals(2.0, options.skipSeconds());
        assertEquals(1.0, options.sampleSeconds());
        assertEquals(3.0, options.warmupSeconds());
        assertEquals(10.0, options.feedOnlySeconds());
        assertEquals(600.0, options.sustainedSeconds());
        assertEquals(2L << 30, options.diskProbeBytes());
        assertEquals(2, options.replayPasses());
        assertEquals(2, options.shards());
        assertEquals(65_536, options.ringSize());
        assertEquals(256, options.batchLimit());
        assertEquals("backoff", options.idle());
        assertEquals(PacedFeed.Pacing.PARK, options.pacing());
        assertEquals(42, options.seed());
        assertTrue(options.hgrm());
        assertEquals(0, options.tickers());
        assertEquals("synthetic", options.feed());
        assertEquals(1 << 23, options.recordedInputs());
        assertEquals(1, options.publishBatch());
        assertEquals(Map.of(), options.settings());
    }

    @Test
    void shouldSkipTheFirstTenSecondsAndSampleEveryTenOfASustainedRun()
    {
        final BenchOptions options = BenchOptions.parse(new String[] { "sustained" });

        assertEquals(10.0, options.skipSeconds());
        assertEquals(10.0, options.sampleSeconds());
    }

    @Test
    void shouldReadBackEveryValueGiven()
    {
        final BenchOptions options = BenchOptions.parse(new String[] { "suite",
            "--out", "o", "--name", "n", "--work", "w", "--pipelines", " abq ,, feed-only ,", "--journal", "off",
            "--models", "trivial,market", "--seconds", "1.5", "--events", "7", "--rounds", "3", "--rates", "20k",
            "--max-rate", "1.5M", "--paced-seconds", "4", "--skip-seconds", "0.5", "--sample-seconds", "0.25",
            "--warmup-seconds", "0", "--feed-only-seconds", "0", "--sustained-seconds", "9",
            "--disk-probe-bytes", "4096", "--replay-passes", "5", "--shards", "4", "--ring-size", "1024",
            "--batch-limit", "32", "--idle", "busy-spin", "--pacing", "spin", "--seed", "-3", "--hgrm", "false",
            "--tickers", "6", "--feed", "recorded", "--recorded-inputs", "128", "--publish-batch", "16" });

        assertEquals("suite", options.mode());
        assertEquals(Path.of("o"), options.out());
        assertEquals("n", options.name());
        assertEquals(Path.of("w"), options.work());
        assertEquals(List.of("abq", "feed-only"), options.pipelines());
        assertEquals(List.of(false), options.journal());
        assertEquals(List.of("trivial", "market"), options.models());
        assertEquals(1.5, options.seconds());
        assertEquals(7, options.events());
        assertEquals(3, options.rounds());
        assertEquals(List.of("20k"), options.rates());
        assertEquals(1.5e6, options.maxRate());
        assertEquals(4.0, options.pacedSeconds());
        assertEquals(0.5, options.skipSeconds());
        assertEquals(0.25, options.sampleSeconds());
        assertEquals(0.0, options.warmupSeconds());
        assertEquals(0.0, options.feedOnlySeconds());
        assertEquals(9.0, options.sustainedSeconds());
        assertEquals(4096, options.diskProbeBytes());
        assertEquals(5, options.replayPasses());
        assertEquals(4, options.shards());
        assertEquals(1024, options.ringSize());
        assertEquals(32, options.batchLimit());
        assertEquals("busy-spin", options.idle());
        assertEquals(PacedFeed.Pacing.SPIN, options.pacing());
        assertEquals(-3, options.seed());
        assertFalse(options.hgrm());
        assertEquals(6, options.tickers());
        assertEquals("recorded", options.feed());
        assertEquals(128, options.recordedInputs());
        assertEquals(16, options.publishBatch());
        assertEquals("n", options.asMap().get("name"));
        assertEquals("16", options.asMap().get("publish-batch"));
    }

    @Test
    void shouldReadRatesInUnitsOfThousandsAndMillionsWithUnderscoresAndRefuseOtherText()
    {
        assertEquals(1e6, BenchOptions.parseRate("1M"));
        assertEquals(2.5e6, BenchOptions.parseRate(" 2.5m "));
        assertEquals(20_000.0, BenchOptions.parseRate("20k"));
        assertEquals(1_500.0, BenchOptions.parseRate("1.5K"));
        assertEquals(250_000.0, BenchOptions.parseRate("250_000"));
        assertEquals(-1.0, BenchOptions.parseRate("fast"));
        assertEquals(-1.0, BenchOptions.parseRate("M"));
    }

    @Test
    void shouldPutTheKeyOptionsThenTheSetPairsTrimmedWithALaterSetOverridingAnOption()
    {
        final BenchOptions options = BenchOptions.parse(new String[] { "burst",
            "--write-behind-bytes", "1048576", "--pretouch-ahead-bytes", "2097152",
            "--pretouch-writable-bytes", "4194304",
            "--set", " journal.flush_interval = 5ms ,journal.write_behind_bytes=0,engine.min_batch=a=b" });

        final Map<String, String> settings = options.settings();

        assertEquals(Map.of(
            "journal.write_behind_bytes", "0",
            "journal.pretouch_ahead_bytes", "2097152",
            "journal.pretouch_writable_bytes", "4194304",
            "journal.flush_interval", "5ms",
            "engine.min_batch", "a=b"), settings);
        assertEquals(List.of("journal.flush_interval", "engine.min_batch"),
            List.copyOf(settings.keySet()).subList(3, 5), "the --set pairs after the key options, in order");
    }

    @Test
    void shouldRefuseAMissingOrUnknownModeNamingIt()
    {
        assertMessage("mode=none\nusage: ", new String[0]);
        assertMessage("mode=soak\nusage: ", "soak");
    }

    @Test
    void shouldRefuseAnUnknownOptionAndAnOptionWithoutAValueNamingIt()
    {
        assertMessage("unknown option=--colour\nusage: ", "burst", "--colour", "red");
        assertMessage("unknown option=seconds\nusage: ", "burst", "seconds", "3");
        assertMessage("unknown option=-seconds\nusage: ", "burst", "-seconds", "3");
        assertMessage("unknown option=++seconds\nusage: ", "burst", "++seconds", "3");
        assertMessage("option=--seconds needs a value", "burst", "--rounds", "1", "--seconds");
    }

    @Test
    void shouldRefuseAValueThatIsNoNumberNamingItsOption()
    {
        assertMessage("rounds=two is not a number", "burst", "--rounds", "two");
    }

    @Test
    void shouldRefuseEachValueOutsideItsChoicesNamingOptionAndValue()
    {
        assertMessage("pipelines=lmax is not allowed\nusage: ", "burst", "--pipelines", "disruptor,lmax");
        assertMessage("models=combat is not allowed\nusage: ", "burst", "--models", "combat");
        assertMessage("journal=yes is not allowed\nusage: ", "burst", "--journal", "on,yes");
        assertMessage("rates=0 is not allowed\nusage: ", "paced", "--rates", "half,0");
        assertMessage("rates=fast is not allowed\nusage: ", "paced", "--rates", "fast");
        assertMessage("idle=sleeping is not allowed\nusage: ", "burst", "--idle", "sleeping");
        assertMessage("pacing=sleep is not allowed\nusage: ", "paced", "--pacing", "sleep");
        assertMessage("feed=file is not allowed\nusage: ", "burst", "--feed", "file");
    }

    @Test
    void shouldTakeTheLeastOfEachCountAndRefuseOneLess()
    {
        parse("burst", "--rounds", "1", "--shards", "1", "--seconds", "0.001");
        assertMessage("rounds=0 is not allowed", "burst", "--rounds", "0");
        assertMessage("shards=0 is not allowed", "burst", "--shards", "0");
        assertMessage("seconds=0.0 is not allowed", "burst", "--seconds", "0");
        assertEquals(1, parse("burst", "--seconds", "0", "--events", "1").events(), "a count of inputs instead");
    }

    @Test
    void shouldTakeARecordingOfWholeStridesAndABatchThatDividesAStride()
    {
        parse("burst", "--recorded-inputs", Integer.toString(RecordedFeed.CLOCK_STRIDE));
        parse("burst", "--recorded-inputs", Integer.toString(3 * RecordedFeed.CLOCK_STRIDE));
        assertMessage("recorded-inputs=0 is not allowed", "burst", "--recorded-inputs", "0");
        assertMessage("recorded-inputs=96 is not allowed", "burst", "--recorded-inputs", "96");
        parse("burst", "--publish-batch", "1");
        parse("burst", "--publish-batch", Integer.toString(RecordedFeed.CLOCK_STRIDE));
        assertMessage("publish-batch=0 is not allowed", "burst", "--publish-batch", "0");
        assertMessage("publish-batch=3 is not allowed", "burst", "--publish-batch", "3");
        assertMessage("publish-batch=128 is not allowed", "burst", "--publish-batch", "128");
    }

    @Test
    void shouldRefuseASetPairWithoutAKeyOrAValue()
    {
        assertMessage("set=journal.flush_interval= is not allowed", "burst", "--set", "journal.flush_interval=");
        assertMessage("set==5ms is not allowed", "burst", "--set", "=5ms");
        assertMessage("set=journal.flush_interval is not allowed", "burst", "--set", "journal.flush_interval");
        assertEquals(Map.of("a", "b"), parse("burst", "--set", "a=b").settings(), "a one-letter key and value");
    }

    private static BenchOptions parse(final String... args)
    {
        return BenchOptions.parse(args);
    }

    private static void assertMessage(final String start, final String... args)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertTrue(ex.getMessage().startsWith(start), ex.getMessage());
    }
}
