package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jetbrains.lincheck.datastructures.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's publish / stop / drain protocol under Lincheck's model checker, on the real classes: {@link Engine}'s
 * publish, publishPriority and {@link Engine#stop(long) stop}, and one shard's {@link ShardAgent} with its
 * {@link InputRing}s and the engine's {@link Lifecycle}. The engine is started by {@link Engine#start(boolean)
 * start(false)}, without a shard thread, because the model checker must own every thread: one thread of each scenario
 * is the shard's, calling {@link ShardAgent#doWork()} until the shard reports itself drained and then once more (as a
 * shard thread may before stop() closes it). Publishers race each other and stop(), on rings of {@value #RING_SIZE}
 * slots with BLOCK back-pressure and a batch limit of {@value #BATCH_LIMIT}, so a publisher can find its ring full
 * and wait there until the shard frees a slot or stop() releases it, and a drain can take several units of work.
 * <p>
 * After every interleaving explored: stop() returned true and the engine is STOPPED; every publish returned; each input
 * whose publish returned a ring position was dispatched and journaled exactly once, and each refused one
 * ({@link Engine#CLOSED}) never; each ring's inputs were dispatched in the order of the positions their publishes
 * returned; nothing was dispatched after stop() returned, and everything journaled had been
 * flushed by then. A thread that would wait forever (stop() for a drain that cannot complete or for an input it cannot
 * account for, a publisher on a full ring, a single publisher settling a publish that raced stop) fails it as a hang.
 * With {@link Publishers#SINGLE} the same holds: the one case its contract allows cannot arise here (see below).
 * <p>
 * Within these bounds it fails when the protocol is broken, for instance when a publisher does not read the state again
 * after its claim, when the shard takes its cursors before it sees DRAINING, when a drain counts as complete without
 * the priority ring, or when a single publisher's publish that raced stop() is not settled.
 * <p>
 * Not covered. The model checker runs sequentially consistent interleavings only, so no missing fence or broken
 * release/acquire pairing can be found (jcstress's job), and the store-load reorder that lets a single publisher's
 * publish miss its shard's drain target ({@link Publishers#SINGLE}: stop() then reports it and returns false) never
 * happens. Time does not pass under the model checker ({@code System.nanoTime()} is constant), so no timeout of stop()
 * or of a single publisher's settling is reached: an input left behind shows as a hang, not as stop() returning false.
 * One shard, a handful of inputs, BLOCK back-pressure only. A failed shard or journal
 * ({@link ShardAgent#requestDrain()} and the FAILED paths), start(), the shard threads' runners and closing them are
 * not run. The shard's core, wheel, model, journal and latency recorders run on the shard's thread only and are not
 * interleaved; nor are a slot's stores between claim and publish, and the shard's reads of a published slot (each is
 * one step). The exploration is bounded ({@value #INVOCATIONS} interleavings per scenario), not exhaustive.
 */
class EngineStopLincheckTest
{
    private static final int RING_SIZE = 4;
    private static final int BATCH_LIMIT = 2;
    private static final int INVOCATIONS = 300;
    private static final int MAX_ID = 8;
    private static final long NOT_PUBLISHED = Long.MIN_VALUE;
    private static final long THREW = Long.MIN_VALUE + 1;
    private static final long STOP_TIMEOUT_NANOS = TimeUnit.HOURS.toNanos(1);
    /** Counts the interleavings run: each builds its own engine. */
    private static final AtomicInteger ENGINES_BUILT = new AtomicInteger();

    @Test
    void shouldDispatchAndJournalEveryAcceptedInputOnceWhenPublishersRaceStop()
    {
        check(MultiPublisher.class,
            // two publishers race each other; the second then stops the engine while the first may still publish
            scenario(
                thread(actor("publish", 1), actor("publish", 2)),
                thread(actor("publish", 3), actor("publishPriority", 4), actor("stop")),
                shardThread()),
            // a publisher on both lanes races stop() on a thread of its own
            scenario(
                thread(actor("publish", 1), actor("publishPriority", 2)),
                thread(actor("stop")),
                shardThread()),
            // two publishers fill the ring and wait on it; the second then stops the engine
            scenario(
                thread(actor("publish", 1), actor("publish", 2), actor("publish", 3)),
                thread(actor("publish", 4), actor("publish", 5), actor("stop")),
                shardThread()));
    }

    /**
     * Batches ({@link Engine#publish(InputBatch)}) claim a range of the ring at once, wait for room for all of it, and
     * read the state again after the claim; on a ring of {@value #RING_SIZE} a batch of three waits while one input is
     * in the ring. The first scenario, a batch of one input racing stop(), is the one that finds the loss when the
     * batch's read of the state after its claim is left out (a claim made after the shard took its drain target, the
     * input accepted and never dispatched), in the first of its interleavings that fails. The others, with batches of
     * two and three, did not find that loss within this budget, nor with 2,000 interleavings each: the model checker
     * picks its switch points at random among more places there, and the one that matters, inside the claim, is seldom
     * among them.
     */
    @Test
    void shouldDispatchAndJournalEveryAcceptedInputOfABatchOnceWhenPublishersRaceStop()
    {
        check(MultiPublisher.class,
            // a batch's claim races stop(): the smallest race, and the one that finds a missing read after the claim
            scenario(
                thread(actor("publishBatch", 1, 1)),
                thread(actor("stop")),
                shardThread()),
            // two publishers race each other; the second then stops the engine while the first may still publish
            scenario(
                thread(actor("publishBatch", 1, 2), actor("publishBatch", 3, 1)),
                thread(actor("publishBatch", 4, 1), actor("publishPriority", 5), actor("stop")),
                shardThread()),
            scenario(
                thread(actor("publishBatch", 1, 3), actor("publish", 4)),
                thread(actor("publishBatch", 5, 2), actor("stop")),
                shardThread()),
            scenario(
                thread(actor("publish", 1), actor("publishBatch", 2, 3)),
                thread(actor("stop")),
                shardThread()));
        check(SinglePublisher.class,
            scenario(
                thread(actor("publishBatch", 1, 3), actor("publishBatch", 4, 3)),
                thread(actor("stop")),
                shardThread()),
            scenario(
                thread(actor("publishBatch", 1, 2), actor("publish", 3), actor("publishBatch", 4, 2)),
                thread(actor("publishPriority", 6), actor("stop")),
                shardThread()));
    }

    @Test
    void shouldDispatchAndJournalEveryAcceptedInputOnceWhenASinglePublisherRacesStop()
    {
        check(SinglePublisher.class,
            // the single publisher races stop() on a thread of its own
            scenario(
                thread(actor("publish", 1), actor("publish", 2)),
                thread(actor("stop")),
                shardThread()),
            // it fills the ring and waits on it
            scenario(
                thread(actor("publish", 1), actor("publish", 2), actor("publish", 3), actor("publish", 4),
                    actor("publish", 5)),
                thread(actor("stop")),
                shardThread()),
            // it publishes on both lanes (the priority lane is multi-publisher in either mode)
            scenario(
                thread(actor("publish", 1), actor("publishPriority", 2), actor("publish", 3)),
                thread(actor("stop")),
                shardThread()));
    }

    private static void check(final Class<? extends StopProtocol> testClass, final ExecutionScenario... scenarios)
    {
        final ModelCheckingOptions options = new ModelCheckingOptions()
            .iterations(0) // only the scenarios given: a random one would seldom stop the engine and drain the shard
            .invocationsPerIteration(INVOCATIONS)
            .verifier(EpsilonVerifier.class) // the outcome is checked by the @Validate function
            .minimizeFailedScenario(false) // without stop() or the shard's thread any scenario hangs: no smaller one
            .loopIterationsBeforeThreadSwitch(3) // the shard's idle loop and stop()'s wait for it give way sooner
            // Agrona's buffers cannot be instrumented (a VerifyError); here they only hold counters
            .addGuarantee(forClasses(name -> name.startsWith("org.agrona.")).allMethods().ignore())
            // these run on the shard's thread only: interleaving them explores nothing of the protocol
            .addGuarantee(forClasses(name -> name.startsWith("io.concurrengine.core.") ||
                name.startsWith("org.HdrHistogram.") || name.equals(ShardCore.class.getName()) ||
                name.equals(BatchLatencyRecorder.class.getName())).allMethods().ignore())
            .addGuarantee(forClasses(ShardAgent.class.getName())
                .methods("onInput", "flushJournal", "recordDispatchLatency", "publishCounters").treatAsAtomic())
            .addGuarantee(forClasses(InputRing.class.getName()).methods("write").treatAsAtomic())
            // a batch is its publisher thread's own
            .addGuarantee(forClasses(InputBatch.class.getName()).allMethods().ignore());
        for (final ExecutionScenario scenario : scenarios)
        {
            options.addCustomScenario(scenario);
        }
        final int before = ENGINES_BUILT.get();
        options.check(testClass);
        final int run = ENGINES_BUILT.get() - before;
        assertTrue(run >= INVOCATIONS * scenarios.length, "interleavings run=" + run + ", asked for " + INVOCATIONS +
            " in each of " + scenarios.length + " scenarios");
    }

    private static ExecutionScenario scenario(
        final List<Actor> first, final List<Actor> second, final List<Actor> shard)
    {
        return new ExecutionScenario(new ArrayList<>(), List.of(first, second, shard), new ArrayList<>(), null);
    }

    private static List<Actor> thread(final Actor... actors)
    {
        return List.of(actors);
    }

    private static List<Actor> shardThread()
    {
        return thread(actor("runShardUntilDrained"), actor("doWork"));
    }

    /**
     * An operation of a scenario. Lincheck's scenario DSL takes Kotlin function references; from Java the actor is
     * built from the method.
     */
    private static Actor actor(final String operation, final Object... arguments)
    {
        for (final Method method : StopProtocol.class.getMethods())
        {
            if (method.getName().equals(operation) && method.getParameterCount() == arguments.length)
            {
                return new Actor(method, List.of(arguments));
            }
        }
        throw new IllegalArgumentException("no operation " + operation);
    }

    /**
     * The engine and its shard, built for each interleaving (Lincheck's test instance), and the scenarios' operations.
     * Lincheck calls them, so they are public. The engine is built by the constructor, not by an operation of the
     * scenario's initial part: built there, Lincheck 3.7 ran a single interleaving of each scenario, with no thread
     * switch, and passed; that is why {@link #check} also counts the interleavings run.
     */
    public abstract static class StopProtocol
    {
        private final RecordingModel model = new RecordingModel();
        private final RecordingJournal journal = new RecordingJournal();
        private final long[] outcomes = new long[MAX_ID + 1];
        private final boolean[] priorityLane = new boolean[MAX_ID + 1];
        private final Engine engine;
        private final ShardAgent shard;
        private boolean stopReturned;
        private boolean stoppedCleanly;
        private int dispatchedAtStop;
        private int flushedAtStop;

        StopProtocol(final Publishers publishers)
        {
            ENGINES_BUILT.incrementAndGet();
            Arrays.fill(outcomes, NOT_PUBLISHED);
            final EngineBuilder builder = Engine.builder()
                .shards(1)
                .ringSize(RING_SIZE)
                .priorityRingSize(RING_SIZE)
                .batchLimit(BATCH_LIMIT)
                .backpressure(Backpressure.BLOCK)
                .publishers(publishers)
                .wheel(64, 5)
                .clock(() -> 0)
                .model((shardId, shardCount) -> model)
                .journal((shardId, shardCount, shardModel) -> journal)
                .errorHandler(error -> {}); // an error fails the engine, and stop() then returns false
            builder.initialWheelCapacity = 16; // the defaults allocate megabytes for every interleaving
            builder.latencySignificantDigits = 1;
            engine = builder.build().start(false);
            shard = engine.agent(0);
        }

        /**
         * @param id the input's identity, in its target key and first payload word.
         * @return the ring position, or the code that refused it.
         */
        @Operation
        public long publish(final int id)
        {
            outcomes[id] = THREW;
            final long outcome = engine.publish(id, RecordingModel.INPUT, 0, id, 0, 0, 0, 0);
            outcomes[id] = outcome;
            return outcome;
        }

        /**
         * @param firstId the identity of the batch's first input; the others follow it.
         * @param count   inputs in the batch.
         * @return how many were accepted.
         */
        @Operation
        public int publishBatch(final int firstId, final int count)
        {
            final InputBatch batch = new InputBatch(count);
            for (int id = firstId; id < firstId + count; id++)
            {
                outcomes[id] = THREW;
                batch.add(id, RecordingModel.INPUT, 0, id, 0, 0, 0, 0);
            }
            final int accepted = engine.publish(batch);
            for (int i = 0; i < count; i++)
            {
                outcomes[firstId + i] = batch.result(i);
            }
            return accepted;
        }

        /**
         * @param id the input's identity, in its target key and first payload word.
         * @return the priority ring position, or the code that refused it.
         */
        @Operation
        public long publishPriority(final int id)
        {
            outcomes[id] = THREW;
            priorityLane[id] = true;
            final long outcome = engine.publishPriority(id, RecordingModel.INPUT, 0, id, 0, 0, 0, 0);
            outcomes[id] = outcome;
            return outcome;
        }

        /**
         * The shard thread's loop up to its drain: until stop() it takes what is published, then it drains.
         */
        @Operation
        public void runShardUntilDrained()
        {
            while (!shard.drained())
            {
                shard.doWork();
            }
        }

        /**
         * @return the unit of work's count.
         */
        @Operation
        public int doWork()
        {
            return shard.doWork();
        }

        /**
         * @return stop()'s outcome.
         */
        @Operation
        public boolean stop()
        {
            final boolean clean = engine.stop(STOP_TIMEOUT_NANOS);
            dispatchedAtStop = model.dispatched.size();
            flushedAtStop = journal.flushed;
            stoppedCleanly = clean;
            stopReturned = true;
            return clean;
        }

        /**
         * After the scenario: stop() returned true, every accepted input was dispatched and journaled once by then,
         * and no refused one was.
         */
        @Validate
        public void checkEveryAcceptedInputDispatchedAndJournaledOnce()
        {
            if (!stopReturned || !stoppedCleanly || engine.state() != EngineState.STOPPED)
            {
                throw new IllegalStateException("stop() returned=" + stopReturned + " clean=" + stoppedCleanly +
                    ", state=" + engine.state() + ", failure=" + engine.failure());
            }
            final int[] dispatched = new int[MAX_ID + 1];
            for (final long[] event : model.dispatched)
            {
                dispatched[(int)event[4]]++;
            }
            final int[] journaled = new int[MAX_ID + 1];
            for (int i = 0; i < journal.inputs; i++)
            {
                journaled[(int)journal.ids[i]]++;
            }
            for (int id = 0; id <= MAX_ID; id++)
            {
                final long outcome = outcomes[id];
                if (THREW == outcome)
                {
                    throw new IllegalStateException("the publish of id=" + id + " threw; " + describe());
                }
                final int expected = outcome >= 0 ? 1 : 0;
                if (dispatched[id] != expected || journaled[id] != expected)
                {
                    throw new IllegalStateException("id=" + id + " publish returned " + outcome + " and was " +
                        "dispatched " + dispatched[id] + " and journaled " + journaled[id] + " times; " + describe());
                }
            }
            checkPositionsInDispatchOrder(false);
            checkPositionsInDispatchOrder(true);
            if (dispatchedAtStop != model.dispatched.size() || flushedAtStop != journal.inputs)
            {
                throw new IllegalStateException("when stop() returned: dispatched=" + dispatchedAtStop + " flushed=" +
                    flushedAtStop + "; in the end: dispatched=" + model.dispatched.size() + " journaled=" +
                    journal.inputs);
            }
        }

        /**
         * The one shard dispatches each ring's inputs in the ring's order: the positions their publishes returned must
         * rise in the order they were dispatched.
         */
        private void checkPositionsInDispatchOrder(final boolean priority)
        {
            long last = -1;
            for (final long[] event : model.dispatched)
            {
                final int id = (int)event[4];
                if (priorityLane[id] == priority)
                {
                    if (outcomes[id] <= last)
                    {
                        throw new IllegalStateException("id=" + id + " dispatched after an input at position " + last +
                            " of the " + (priority ? "priority" : "main") + " ring, its publish returned " +
                            outcomes[id] + "; " + describe());
                    }
                    last = outcomes[id];
                }
            }
        }

        private String describe()
        {
            final StringBuilder text = new StringBuilder("outcomes by id:");
            for (int id = 0; id <= MAX_ID; id++)
            {
                if (NOT_PUBLISHED != outcomes[id])
                {
                    text.append(' ').append(id).append('=').append(outcomes[id]);
                }
            }
            return text.append(", drainTarget=").append(shard.drainTarget()).append(", consumed=")
                .append(shard.consumed()).toString();
        }
    }

    /**
     * Any number of threads publish.
     */
    public static class MultiPublisher extends StopProtocol
    {
        /**
         * A multi-publisher engine.
         */
        public MultiPublisher()
        {
            super(Publishers.MULTI);
        }
    }

    /**
     * One thread calls publish; any thread may call publishPriority.
     */
    public static class SinglePublisher extends StopProtocol
    {
        /**
         * A single-publisher engine.
         */
        public SinglePublisher()
        {
            super(Publishers.SINGLE);
        }
    }

    /**
     * Records each input's id, and how many inputs a flush made durable.
     */
    static final class RecordingJournal extends ShardJournal.Discarding
    {
        final long[] ids = new long[4 * (MAX_ID + 1)]; // room for duplicates, for the check to report
        int inputs;
        int flushed;

        @Override
        public void input(
            final long time, final int type, final long target, final long a0, final long a1, final long a2,
            final long a3)
        {
            ids[inputs++] = a0;
        }

        @Override
        public void inputDispatched(final Event event, final boolean failed)
        {
            input(event.time(), event.type(), event.target(), event.a0(), event.a1(), event.a2(), event.a3());
        }

        @Override
        public void flush()
        {
            flushed = inputs;
        }
    }
}
