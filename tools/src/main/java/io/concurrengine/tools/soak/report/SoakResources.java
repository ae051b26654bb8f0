package io.concurrengine.tools.soak.report;

import java.util.List;

/**
 * Disk, memory and garbage collection over the whole run.
 *
 * @param journalDiskEndBytes  bytes of journal files on disk at the end; 0 for a run without a journal
 *                             ({@link SoakRun#journaled()}).
 * @param journalDiskPeakBytes most bytes of journal files on disk at any sample; 0 for a run without a journal.
 * @param heapPeakBytes        most Java heap in use at any sample, garbage not yet collected included.
 * @param offHeapPeakBytes     most direct (off-heap) buffer memory at any sample.
 * @param mappedPeakBytes      most resident bytes of the process's file mappings at any sample (journal, counters
 *                             file, JVM libraries: {@link SoakInterval#mappedBytes()}), not only the journal's.
 * @param gcCount              garbage collections in the run.
 * @param gcPauseMillis        total garbage collection pause in the run, ms.
 * @param allocatedBytes       heap bytes allocated in the run.
 */
public record SoakResources(
    long journalDiskEndBytes,
    long journalDiskPeakBytes,
    long heapPeakBytes,
    long offHeapPeakBytes,
    long mappedPeakBytes,
    long gcCount,
    long gcPauseMillis,
    long allocatedBytes)
{
    /**
     * Derives the run's resources from its per-interval samples: peaks are maxima over the samples, the end and
     * cumulative figures come from the last one. O(n).
     *
     * @param intervals the run's intervals in time order.
     * @return the resources; all 0 when there are no intervals.
     */
    public static SoakResources of(final List<SoakInterval> intervals)
    {
        if (intervals.isEmpty())
        {
            return new SoakResources(0, 0, 0, 0, 0, 0, 0, 0);
        }
        long diskPeak = 0;
        long heapPeak = 0;
        long offHeapPeak = 0;
        long mappedPeak = 0;
        for (final SoakInterval interval : intervals)
        {
            diskPeak = Math.max(diskPeak, interval.journalDiskBytes());
            heapPeak = Math.max(heapPeak, interval.heapUsedBytes());
            offHeapPeak = Math.max(offHeapPeak, interval.offHeapBytes());
            mappedPeak = Math.max(mappedPeak, interval.mappedBytes());
        }
        final SoakInterval last = intervals.get(intervals.size() - 1);
        return new SoakResources(last.journalDiskBytes(), diskPeak, heapPeak, offHeapPeak, mappedPeak,
            last.gcCount(), last.gcPauseMillis(), last.allocatedBytes());
    }
}
