import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/** Hold model with exponential increments of a given mean (in spans of the default wheel): worst poll+push by thread CPU. */
public class FarHold
{
    public static void main(final String[] args)
    {
        final int n = Integer.parseInt(args[0]);
        final double meanSpans = Double.parseDouble(args[1]);
        final long ops = Long.parseLong(args[2]);
        final long span = (long)EventWheel.DEFAULT_SLOT_COUNT << EventWheel.DEFAULT_SLOT_SHIFT;
        final double mean = meanSpans * span;
        final SplittableRandom random = new SplittableRandom(7);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Event event = new Event();
        try (EventWheel wheel = new EventWheel())
        {
            for (int i = 0; i < n; i++)
            {
                wheel.push((long)(-mean * Math.log(1 - random.nextDouble())), 1, i, 0, 0, 0, 0);
            }
            long worst = 0, over100us = 0, over1ms = 0, total = 0;
            for (long op = 0; op < ops; op++)
            {
                final long start = threads.getCurrentThreadCpuTime();
                wheel.poll(Long.MAX_VALUE, event);
                wheel.push(event.time() + (long)(-mean * Math.log(1 - random.nextDouble())), 1, event.target(), 0, 0, 0, 0);
                final long cpu = threads.getCurrentThreadCpuTime() - start;
                if (op >= ops / 10)
                {
                    total += cpu;
                    worst = Math.max(worst, cpu);
                    if (cpu > 100_000) over100us++;
                    if (cpu > 1_000_000) over1ms++;
                }
            }
            System.out.printf("far hold N=%,d mean=%.1f spans, %,d ops (clock reached %.1f spans): mean %,.0f ns, worst %,d us, >100us %,d, >1ms %,d%n",
                n, meanSpans, ops, wheel.now() / (double)span, total / (ops * 0.9), worst / 1000, over100us, over1ms);
        }
    }
}
