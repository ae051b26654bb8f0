package io.concurrengine.model.combat;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.model.combat.spec.CombatSpec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Quick single-thread throughput harness of the combat kernel (not a test; timings never gate the build).
 * <p>
 * Per spec: warm-up rounds, then measured rounds of 20 000 five-minute fights, reporting events/s and iterations/s by
 * wall clock and by thread CPU time (the latter is robust on a shared machine). Then the same fights' push/poll
 * pattern is recorded and replayed on a bare wheel with no handler, which gives the kernel's share of the cost.
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$AGRONA io.concurrengine.model.combat.CombatThroughputMain
 * </pre>
 */
final class CombatThroughputMain
{
    private static final int ITERATIONS = 20_000;
    private static final long ENCOUNTER_MS = 300_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CombatThroughputMain()
    {
    }

    public static void main(final String[] args)
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        measure("fire_mage", TestSpecs.fireMage(), rounds);
        measure("berserker", TestSpecs.berserker(), rounds);
    }

    private static void measure(final String name, final CombatSpec spec, final int rounds)
    {
        final CombatSimulation simulation = new CombatSimulation(spec);
        final SimRng rng = new SimRng(1);
        final long prefix = SimRng.seedPrefix(42, 0);
        double bestCpu = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++)
        {
            final long wall0 = System.nanoTime();
            final long cpu0 = THREADS.getCurrentThreadCpuTime();
            long events = 0;
            for (int i = 0; i < ITERATIONS; i++)
            {
                rng.reseed(prefix, i);
                events += simulation.runIteration(rng, ENCOUNTER_MS).events();
            }
            final long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            final long wall = System.nanoTime() - wall0;
            bestCpu = Math.min(bestCpu, (double)cpu / events);
            System.out.println(String.format(Locale.ROOT,
                "%s round %d: %d events/iteration, wall %.1f M events/s %.0f iterations/s, cpu %.1f ns/event " +
                "(%.1f M events/s per core)", name, round, events / ITERATIONS, events * 1e3 / wall,
                ITERATIONS * 1e9 / wall, (double)cpu / events, events * 1e3 / cpu));
        }
        final double wheelOnly = replay(spec, rounds);
        System.out.println(String.format(Locale.ROOT,
            "%s: best %.1f ns/event (%.1f M events/s per core), bare wheel replay of the same pattern %.1f ns/event",
            name, bestCpu, 1e3 / bestCpu, wheelOnly));
        simulation.close();
    }

    /**
     * Record every push of 200 fights, then replay pushes and polls on a bare wheel.
     *
     * @return best CPU ns per event of the replay.
     */
    private static double replay(final CombatSpec spec, final int rounds)
    {
        final int fights = 200;
        final Recording recording = new Recording();
        final CombatState state = new CombatState(new CompiledSpec(spec));
        final CombatHandler handler = new CombatHandler(state, new PriorityRotation(state));
        final EventWheel wheel = new EventWheel();
        final RunLoop loop = new RunLoop(wheel, (event, context) ->
        {
            handler.onEvent(event, recording.wrap(context));
            recording.endEvent();
        }, RunLoop.DEFAULT_EVENT_BUDGET);
        final long prefix = SimRng.seedPrefix(42, 0);
        for (int i = 0; i < fights; i++)
        {
            wheel.reset(0);
            state.reset(ENCOUNTER_MS);
            recording.startFight();
            handler.start(SimRng.fromPrefix(prefix, i), recording.wrap(loop));
            recording.endEvent();
            loop.run(ENCOUNTER_MS);
        }
        double best = Double.MAX_VALUE;
        final EventWheel bare = new EventWheel();
        for (int round = 0; round < rounds; round++)
        {
            best = Math.min(best, recording.replay(bare));
        }
        wheel.close();
        bare.close();
        return best;
    }

    /**
     * Every push and cancel of recorded fights, by the event whose handling made it, replayable on a bare wheel.
     */
    private static final class Recording implements EventContext
    {
        private static final int CANCEL = -1;

        private long[] opValue = new long[1 << 16];
        private int[] opType = new int[1 << 16];
        private long[] realHandle = new long[1 << 16];
        private long[] replayHandle = new long[1 << 16];
        private int[] opsAfter = new int[1 << 16];
        private int[] fightStart = new int[256];
        private int ops;
        private int events;
        private int fights;
        private EventContext target;

        EventContext wrap(final EventContext context)
        {
            target = context;
            return this;
        }

        void startFight()
        {
            fightStart = grow(fightStart, fights + 1);
            fightStart[fights++] = events;
        }

        void endEvent()
        {
            opsAfter = grow(opsAfter, events + 1);
            opsAfter[events++] = ops;
        }

        @Override
        public long now()
        {
            return target.now();
        }

        @Override
        public long scheduleAt(
            final long time, final int type, final long key, final long a0, final long a1, final long a2,
            final long a3)
        {
            final long handle = target.scheduleAt(time, type, key, a0, a1, a2, a3);
            record(time, type, handle);
            return handle;
        }

        @Override
        public boolean cancel(final long handle)
        {
            for (int op = ops - 1; op >= 0; op--)
            {
                if (opType[op] != CANCEL && realHandle[op] == handle)
                {
                    record(op, CANCEL, 0);
                    break;
                }
            }
            return target.cancel(handle);
        }

        private void record(final long value, final int type, final long handle)
        {
            if (ops == opValue.length)
            {
                opValue = Arrays.copyOf(opValue, ops * 2);
                opType = Arrays.copyOf(opType, ops * 2);
                realHandle = Arrays.copyOf(realHandle, ops * 2);
                replayHandle = Arrays.copyOf(replayHandle, ops * 2);
            }
            opValue[ops] = value;
            opType[ops] = type;
            realHandle[ops++] = handle;
        }

        /**
         * @return CPU ns per polled event.
         */
        double replay(final EventWheel wheel)
        {
            final Event event = new Event();
            final long cpu0 = THREADS.getCurrentThreadCpuTime();
            long polled = 0;
            for (int f = 0; f < fights; f++)
            {
                wheel.reset(0);
                final int first = fightStart[f];
                final int end = f + 1 < fights ? fightStart[f + 1] : events;
                apply(wheel, first == 0 ? 0 : opsAfter[first - 1], opsAfter[first]);
                for (int e = first + 1; e < end && wheel.poll(ENCOUNTER_MS - 1, event); e++)
                {
                    polled++;
                    apply(wheel, opsAfter[e - 1], opsAfter[e]);
                }
            }
            return (double)(THREADS.getCurrentThreadCpuTime() - cpu0) / polled;
        }

        private void apply(final EventWheel wheel, final int from, final int to)
        {
            for (int op = from; op < to; op++)
            {
                if (CANCEL == opType[op])
                {
                    wheel.cancel(replayHandle[(int)opValue[op]]);
                }
                else
                {
                    replayHandle[op] = wheel.push(opValue[op], opType[op], 0, 0, 0, 0, 0);
                }
            }
        }

        private static int[] grow(final int[] array, final int length)
        {
            return length <= array.length ? array : Arrays.copyOf(array, array.length * 2);
        }
    }
}
