package io.concurrengine.bench.combat;

import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.CombatResult;
import io.concurrengine.model.combat.CombatSimulation;
import io.concurrengine.tools.spec.SpecLoadException;
import io.concurrengine.tools.spec.SpecLoader;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The combat kernel on one core: one five-minute fight of a built-in spec per operation, as `sim` runs them
 * (a reused simulation, its wheel reset per iteration, the RNG of iteration i from the chunk prefix). The primary
 * score is iterations/s; the {@code events} counter gives dispatched events/s per core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class CombatBenchmark
{
    private static final long ENCOUNTER_MS = 300_000;

    @Param({"fire_mage", "berserker"})
    public String spec;

    private CombatSimulation simulation;
    private SimRng rng;
    private long prefix;
    private long iteration;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Dispatched
    {
        public long events;

        @Setup(Level.Iteration)
        public void clear()
        {
            events = 0;
        }
    }

    @Setup
    public void setUp() throws SpecLoadException
    {
        simulation = new CombatSimulation(SpecLoader.loadBuiltin(spec));
        prefix = SimRng.seedPrefix(42, 0);
        rng = SimRng.fromPrefix(prefix, 0);
    }

    @TearDown
    public void tearDown()
    {
        simulation.close();
    }

    @Benchmark
    public double fight(final Dispatched dispatched)
    {
        rng.reseed(prefix, iteration++);
        final CombatResult result = simulation.runIteration(rng, ENCOUNTER_MS);
        dispatched.events += result.events();
        return result.totalDamage();
    }
}
