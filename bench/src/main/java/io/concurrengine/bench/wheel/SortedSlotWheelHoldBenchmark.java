package io.concurrengine.bench.wheel;

import io.concurrengine.bench.alternatives.SortedSlotWheel;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@link HoldBenchmark} for the seed's sorted-insert wheel. A separate class because it cannot run every size:
 * with the dense distribution a push walks a slot of about size / 2 events, and at a million pending events the
 * pre-fill alone is some 10^11 node visits. Its default sizes stop at 100 000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    ForkFlags.ADD_EXPORTS_MISC,
    ForkFlags.ADD_OPENS_LANG,
    ForkFlags.ADD_OPENS_NIO,
    ForkFlags.ADD_EXPORTS_NIO_CH,
    ForkFlags.NO_BOUNDS_CHECKS})
public class SortedSlotWheelHoldBenchmark
{
    @State(Scope.Thread)
    public static class SortedSlotWheelState
    {
        @Param({"EXPONENTIAL", "UNIFORM", "DENSE"})
        public IncrementDistribution distribution;

        @Param({"1000", "100000"})
        public int size;

        Increments increments;
        SortedSlotWheel wheel;

        @Setup(Level.Trial)
        public void setUp()
        {
            increments = Increments.of(distribution);
            wheel = new SortedSlotWheel(1024);
            for (int i = 0; i < size; i++)
            {
                wheel.push(increments.next(), HoldBenchmark.TYPE, i, i, i + 1, i + 2, i + 3);
            }
        }

        long hold()
        {
            final SortedSlotWheel wheel = this.wheel;
            if (!wheel.pop())
            {
                throw new IllegalStateException("empty wheel");
            }
            final long time = wheel.time() + increments.next();
            wheel.push(time, wheel.type(), wheel.target(), wheel.a0(), wheel.a1(), wheel.a2(), wheel.a3());
            return time;
        }
    }

    @Benchmark
    public long sortedSlotWheel(final SortedSlotWheelState state)
    {
        return state.hold();
    }
}
