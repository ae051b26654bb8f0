package io.concurrengine.tools.telemetry;

import java.lang.management.GarbageCollectorMXBean;
import java.util.List;

/**
 * The JVM's collections and collection pause time, summed over its garbage collectors' beans. A collector that gives
 * its concurrent cycles and its pauses apart (ZGC's "ZGC Cycles" and "ZGC Pauses", Shenandoah's) counts its cycles as
 * collections and its pauses' time as pause time: the cycles' time is spent beside the application, and a cycle makes
 * several pauses. G1, Parallel and Serial give one bean a generation, each counted whole.
 * <p>
 * Threadsafe: the beans are read-only views.
 */
public final class CollectorTotals
{
    /**
     * How the beans of a concurrent collector that gives its cycles and its pauses apart end their names (ZGC's "ZGC
     * Cycles", "ZGC Major Cycles", Shenandoah's "Shenandoah Cycles"): a cycle is a collection, its time mostly spent
     * beside the application, not a pause.
     */
    private static final String CYCLES_BEAN = " Cycles";

    /** How the pause beans of such a collector end their names ("ZGC Pauses"): several pauses a cycle. */
    private static final String PAUSES_BEAN = " Pauses";

    private CollectorTotals()
    {
    }

    /**
     * @param collectors the JVM's garbage collectors' beans ({@code ManagementFactory.getGarbageCollectorMXBeans()}).
     * @return the collections so far: every collector's but the pause beans of one that gives its cycles and its
     * pauses apart, whose collections are its cycles; a bean that answers -1 (undefined) counts 0.
     */
    public static long collections(final List<GarbageCollectorMXBean> collectors)
    {
        long count = 0;
        for (final GarbageCollectorMXBean collector : collectors)
        {
            if (!collector.getName().endsWith(PAUSES_BEAN))
            {
                count += Math.max(0, collector.getCollectionCount());
            }
        }
        return count;
    }

    /**
     * @param collectors the JVM's garbage collectors' beans ({@code ManagementFactory.getGarbageCollectorMXBeans()}).
     * @return the collection pauses so far, ms: every collector's time but the cycle beans' of one that gives its
     * cycles and its pauses apart, whose cycles run beside the application; a bean that answers -1 counts 0.
     */
    public static long pauseMillis(final List<GarbageCollectorMXBean> collectors)
    {
        long millis = 0;
        for (final GarbageCollectorMXBean collector : collectors)
        {
            if (!collector.getName().endsWith(CYCLES_BEAN))
            {
                millis += Math.max(0, collector.getCollectionTime());
            }
        }
        return millis;
    }
}
