package io.concurrengine.bench.pipeline;

import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.tools.feed.MarketFeedFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where the inputs of {@code concurrengine run} come from, per input: the recorded feed file reader
 * ({@link MarketFeedFile}, parsing in place) beside the obvious way to read the same file ({@code BufferedReader}
 * lines, {@code String.split}, {@code Long.parseLong}) and beside the synthetic order flow the default run generates.
 * <p>
 * The file holds {@code lines} inputs of the synthetic flow (seed 42, 4096 instruments, the run's defaults) written
 * once per trial to a temporary file (read from the page cache after the first pass) and read in laps: each lap
 * reopens the file, a cost spread over its lines. Run with {@code -prof gc} for the bytes allocated per input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true" })
public class FeedFileBenchmark
{
    @Param({ "1048576" })
    int lines;

    private Path file;
    private MarketFeedFile feed;
    private BufferedReader reader;
    private SyntheticOrderFlow flow;
    private final MarketInput input = new MarketInput();

    @Setup(Level.Trial)
    public void writeFile() throws IOException
    {
        file = Files.createTempFile("concurrengine-feed-bench", ".csv");
        final SyntheticOrderFlow writer = new SyntheticOrderFlow(flowConfig());
        final StringBuilder line = new StringBuilder(64);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII))
        {
            for (int i = 0; i < lines; i++)
            {
                writer.next(input);
                line.setLength(0);
                out.append(MarketFeedFile.appendLine(input, line).append('\n'));
            }
        }
        feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (message) -> { });
        reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        flow = new SyntheticOrderFlow(flowConfig());
    }

    private static OrderFlowConfig flowConfig()
    {
        return new OrderFlowConfig().seed(42).instrumentCount(4096).zipfExponent(1.1).ticksPerSecond(1_000_000)
            .inputsPerSecond(1_000_000).bandWidth(1024).timeInForce(30, 100, 5_000);
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException
    {
        feed.close();
        reader.close();
        Files.deleteIfExists(file);
    }

    /**
     * @return a fold of the input, so that nothing of it is dead code.
     */
    @Benchmark
    public long marketFeedFile() throws IOException
    {
        if (!feed.next(input))
        {
            feed.close();
            feed = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, (message) -> { });
            feed.next(input);
        }
        return fold(input);
    }

    /**
     * The baseline: one {@code String} per line and per field, parsed with the JDK's own methods.
     *
     * @return a fold of the input.
     */
    @Benchmark
    public long bufferedReaderSplit() throws IOException
    {
        String line = reader.readLine();
        if (null == line)
        {
            reader.close();
            reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
            line = reader.readLine();
        }
        final String[] fields = line.split(",");
        final long time = Long.parseLong(fields[0]);
        final long instrument = Long.parseLong(fields[2]);
        final long id = Long.parseLong(fields[3]);
        switch (fields[1].toLowerCase(Locale.ROOT))
        {
            case "add":
                input.set(MarketEvents.ADD, instrument, id, MarketEvents.sidePrice(side(fields[4]),
                    Integer.parseInt(fields[5])), Long.parseLong(fields[6]),
                    fields.length > 7 ? Long.parseLong(fields[7]) : 0, time);
                break;
            case "cancel":
                input.set(MarketEvents.CANCEL, instrument, id, 0, 0, 0, time);
                break;
            case "execute":
                final boolean market = "market".equals(fields[5]);
                input.set(MarketEvents.EXECUTE, instrument, id, MarketEvents.sidePrice(side(fields[4]),
                    market ? 0 : Integer.parseInt(fields[5])), Long.parseLong(fields[6]),
                    market ? 0 : MarketEvents.FLAG_LIMIT, time);
                break;
            default:
                input.set(MarketEvents.REPLACE, instrument, id, Integer.parseInt(fields[4]), Long.parseLong(fields[5]),
                    0, time);
                break;
        }
        return fold(input);
    }

    /**
     * What the default run does instead of reading a file: generate the next input of the synthetic flow.
     *
     * @return a fold of the input.
     */
    @Benchmark
    public long syntheticFlow()
    {
        flow.next(input);
        return fold(input);
    }

    private static int side(final String text)
    {
        return "buy".equals(text) ? MarketEvents.BUY : MarketEvents.SELL;
    }

    private static long fold(final MarketInput input)
    {
        return input.feedTime() ^ input.type() ^ input.target() ^ input.a0() ^ input.a1() ^ input.a2() ^ input.a3();
    }
}
