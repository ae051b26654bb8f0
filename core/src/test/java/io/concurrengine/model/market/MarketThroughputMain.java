package io.concurrengine.model.market;

import io.concurrengine.core.loop.EventHandler;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.wheel.EventWheel;

import java.lang.management.ManagementFactory;

/**
 * Throwaway single-core throughput check of generator → wheel → handler; not a test and not a benchmark of record
 * (JMH in the bench module is). Run after {@code mvn test-compile}:
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:agrona.jar \
 *     io.concurrengine.model.market.MarketThroughputMain [inputs] [instruments] [slotShift] [maxLiveOrders]
 * </pre>
 */
final class MarketThroughputMain
{
    private MarketThroughputMain()
    {
    }

    public static void main(final String[] args)
    {
        final int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        final int instruments = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        final int slotShift = args.length > 2 ? Integer.parseInt(args[2]) : EventWheel.DEFAULT_SLOT_SHIFT;
        final int maxLiveOrders = args.length > 3 ? Integer.parseInt(args[3]) : 1 << 18;
        final OrderFlowConfig flowConfig =
            new OrderFlowConfig().seed(1).instrumentCount(instruments).maxLiveOrders(maxLiveOrders);

        final RecordedFlow recorded = new RecordedFlow(flowConfig, inputs);
        for (int round = 0; round < 3; round++)
        {
            runGeneratorOnly(flowConfig, inputs);
            runEndToEnd(flowConfig, inputs, slotShift, round == 2);
            runRecorded(recorded, flowConfig.instrumentCount(), slotShift, false);
            runRecorded(recorded, flowConfig.instrumentCount(), slotShift, true);
        }
    }

    private static void runRecorded(
        final RecordedFlow recorded, final int instruments, final int slotShift, final boolean wheelOnly)
    {
        final MarketModel model = new MarketModel(new MarketConfig()
            .initialInstrumentCapacity(instruments)
            .initialOrderCapacity(1 << 18));
        final int inputs = recorded.type.length;
        try (EventWheel wheel = new EventWheel(EventWheel.DEFAULT_SLOT_COUNT, slotShift, 1 << 20, 0))
        {
            final EventHandler handler = wheelOnly ? (event, context) -> {} : model;
            final RunLoop loop = new RunLoop(wheel, handler, Long.MAX_VALUE);
            final long cpuStart = cpuNanos();
            final long start = System.nanoTime();
            for (int i = 0; i < inputs; i++)
            {
                final long time = recorded.feedTime[i];
                loop.run(time);
                wheel.push(time, recorded.type[i], recorded.target[i], recorded.a0[i], recorded.a1[i],
                    recorded.a2[i], recorded.a3[i]);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
            final long dispatched = loop.totalDispatched();
            System.out.printf(
                (wheelOnly ? "recorded inputs, wheel and no-op handler" : "recorded inputs, no generator") +
                ": %,.0f events/s wall, %,.0f events per CPU second " +
                "(%.1f ns/event, cold start included)%n",
                dispatched / seconds, dispatched / cpuSeconds, cpuSeconds * 1e9 / dispatched);
        }
    }

    private static long cpuNanos()
    {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void runGeneratorOnly(final OrderFlowConfig flowConfig, final int inputs)
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(flowConfig);
        final MarketInput input = new MarketInput();
        long sink = 0;
        final long cpuStart = cpuNanos();
        final long start = System.nanoTime();
        for (int i = 0; i < inputs; i++)
        {
            sink += flow.next(input).a0();
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        final double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
        System.out.printf("generator only: %,.0f inputs/s wall, %,.0f inputs per CPU second (%.1f ns/input) sink=%d%n",
            inputs / seconds, inputs / cpuSeconds, cpuSeconds * 1e9 / inputs, sink & 1);
    }

    private static void runEndToEnd(
        final OrderFlowConfig flowConfig, final int inputs, final int slotShift, final boolean verbose)
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(flowConfig);
        final MarketModel model = new MarketModel(new MarketConfig()
            .initialInstrumentCapacity(flowConfig.instrumentCount())
            .initialOrderCapacity(1 << 18));
        final MarketInput input = new MarketInput();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (EventWheel wheel = new EventWheel(EventWheel.DEFAULT_SLOT_COUNT, slotShift, 1 << 20, 0))
        {
            final RunLoop loop = new RunLoop(wheel, model, Long.MAX_VALUE);
            final int warmUp = inputs / 5;
            for (int i = 0; i < warmUp; i++)
            {
                flow.next(input);
                loop.run(input.feedTime());
                input.pushTo(wheel);
            }
            final long dispatchedBefore = loop.totalDispatched();
            final long cpuStart = cpuNanos();
            final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            final long start = System.nanoTime();
            for (int i = warmUp; i < inputs; i++)
            {
                flow.next(input);
                loop.run(input.feedTime());
                input.pushTo(wheel);
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            final double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
            final long dispatched = loop.totalDispatched() - dispatchedBefore;
            System.out.printf("end to end: %,.0f events/s wall, %,.0f events per CPU second (%.1f ns/event; " +
                "%,d events, %,d inputs, %.2f s wall, %.2f s CPU), allocated %,d bytes, resting=%,d pending=%,d%n",
                dispatched / seconds, dispatched / cpuSeconds, cpuSeconds * 1e9 / dispatched, dispatched,
                inputs - warmUp, seconds, cpuSeconds, allocated, model.restingOrderCount(), wheel.size());
            if (verbose)
            {
                System.out.println(model.counters());
                System.out.printf("stateHash=%016x feed seconds=%.1f%n", model.stateHash(),
                    flow.lastFeedTime() / (double)model.ticksPerSecond());
            }
        }
    }
}
