package io.concurrengine.bench.pipeline;

import io.concurrengine.bench.profile.ThreadCpuTimeProfiler;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.model.market.MarketModel;
import io.concurrengine.model.market.OrderFlowConfig;
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

import java.util.concurrent.TimeUnit;

/**
 * The market reference model on one core, without the pipeline: the main job's synthetic order flow (4096 Zipf-skewed
 * instruments, seed 42, up to 2^18 resting orders), recorded once ({@link RecordedFeed.Recording}) and replayed
 * through a fresh model and wheel per operation the way a shard drives them (dispatch what is due before each input's
 * time, then push it). One model holds the whole flow, which is the working set of the main job's two shards
 * together.
 * <p>
 * The score is the time of one replay of {@code inputs} inputs; divided by the events the replay dispatches
 * ({@code inputs} and the timers that came due, about 0.9 % more) it is the model's and wheel's cost per event.
 * Without the feed thread, the rings and the journal it is steadier than a pipeline run, though on a shared VM its
 * forks still differ by a quarter (bench/results/pipeline/session-31/market-jmh/).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true"})
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@State(Scope.Thread)
public class MarketModelBenchmark
{
    private static final int WHEEL_CAPACITY = 1 << 20;

    /** Inputs of the recording, a multiple of {@value RecordedFeed#CLOCK_STRIDE}. */
    @Param("2000000")
    public int inputs;

    private RecordedFeed.Recording recording;
    private MarketModel model;
    private EventWheel wheel;
    private RunLoop loop;

    @Setup(Level.Trial)
    public void record()
    {
        recording = RecordedFeed.Recording.of(new OrderFlowConfig().seed(42).instrumentCount(4096), inputs);
    }

    @Setup(Level.Invocation)
    public void freshModel()
    {
        final long cpu = ThreadCpuTimeProfiler.threadCpuNanos();
        model = new MarketModel(new MarketConfig().initialInstrumentCapacity(4096).initialOrderCapacity(1 << 18));
        wheel = new EventWheel(EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, WHEEL_CAPACITY, 0);
        loop = new RunLoop(wheel, model, Long.MAX_VALUE);
        ThreadCpuTimeProfiler.exclude(cpu);
    }

    @TearDown(Level.Invocation)
    public void closeWheel()
    {
        final long cpu = ThreadCpuTimeProfiler.threadCpuNanos();
        wheel.close();
        ThreadCpuTimeProfiler.exclude(cpu);
    }

    /**
     * @return events dispatched, so that the replay cannot be dropped.
     */
    @Benchmark
    public long replay()
    {
        final RunLoop loop = this.loop;
        final EventWheel wheel = this.wheel;
        final long[] words = recording.words;
        for (int w = 0, end = recording.size * RecordedFeed.WORDS; w < end; w += RecordedFeed.WORDS)
        {
            final long time = words[w + RecordedFeed.FEED_TIME];
            loop.run(time);
            wheel.push(time, (int)words[w + RecordedFeed.TYPE], words[w + RecordedFeed.TARGET],
                words[w + RecordedFeed.A0], words[w + RecordedFeed.A1], words[w + RecordedFeed.A2],
                words[w + RecordedFeed.A3]);
        }
        return loop.totalDispatched();
    }
}
