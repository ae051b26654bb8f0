package io.concurrengine.bench.pipeline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Disk space a journal took over a whole run, including cycle files that retention deleted during it: a sustained
 * run longer than the disk holds keeps only the last few cycle files, so {@code du} at the end undercounts.
 * <p>
 * A daemon thread runs {@code du -B1 -a ROOT} every {@code periodMillis} and remembers each cycle file's last
 * allocated size; {@link #stop()} adds the last size of every cycle file that has disappeared to the usage of what is
 * left. Exact when files are deleted some time after they stopped growing (with {@code journal.retain_cycles = N}
 * a file is deleted N - 1 cycles after its last write); a file deleted within one period of its last write is
 * counted at its size one period earlier.
 */
final class JournalDiskUsage
{
    private static final String CYCLE_FILE_SUFFIX = ".cq4";

    private final Path root;
    private final long periodMillis;
    private final Map<String, Long> lastSize = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int samples;

    /**
     * Start sampling.
     *
     * @param root         journal root (may not exist yet).
     * @param periodMillis sampling period.
     */
    JournalDiskUsage(final Path root, final long periodMillis)
    {
        this.root = root;
        this.periodMillis = periodMillis;
        thread = new Thread(this::run, "bench-journal-du");
        thread.setDaemon(true);
        thread.start();
    }

    private void run()
    {
        while (running)
        {
            sample();
            try
            {
                Thread.sleep(periodMillis);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private void sample()
    {
        final Usage usage = du(root);
        if (null != usage)
        {
            lastSize.putAll(usage.cycleFiles());
            samples++;
        }
    }

    /**
     * @return {@code du} samples taken so far.
     */
    int samples()
    {
        return samples;
    }

    /**
     * Stop sampling and total the run's disk usage.
     *
     * @return bytes: the journal root's usage now plus the last size of every cycle file deleted during the run, or
     * -1 if {@code du} failed at the end.
     * @throws InterruptedException if interrupted waiting for the sampler.
     */
    Result stop() throws InterruptedException
    {
        running = false;
        thread.interrupt();
        thread.join();
        final Usage now = du(root);
        if (null == now)
        {
            return new Result(-1, 0, 0, samples);
        }
        long deletedBytes = 0;
        final Set<String> deleted = new HashSet<>(lastSize.keySet());
        deleted.removeAll(now.cycleFiles().keySet());
        for (final String file : deleted)
        {
            deletedBytes += lastSize.get(file);
        }
        return new Result(now.totalBytes() + deletedBytes, deletedBytes, deleted.size(), samples);
    }

    /**
     * @param totalBytes   the run's journal disk usage, including deleted files.
     * @param deletedBytes of which in cycle files deleted during the run (their last sampled size).
     * @param deletedFiles cycle files deleted during the run.
     * @param samples      {@code du} samples taken.
     */
    record Result(long totalBytes, long deletedBytes, int deletedFiles, int samples)
    {
    }

    /**
     * One {@code du -a} of the root: each cycle file's allocated bytes, and the root's own total (its last line).
     */
    private record Usage(Map<String, Long> cycleFiles, long totalBytes)
    {
    }

    /**
     * @return what {@code du -B1 -a} reports under the root, or null if it failed.
     */
    private static Usage du(final Path root)
    {
        final String out = Environment.output(false, "du", "-B1", "-a", root.toString());
        if (null == out)
        {
            return null;
        }
        final String rootName = root.toString();
        final Map<String, Long> sizes = new HashMap<>();
        long total = -1;
        for (final String line : out.split("\n"))
        {
            final int tab = line.indexOf('\t');
            if (tab <= 0)
            {
                continue;
            }
            final String path = line.substring(tab + 1);
            if (path.endsWith(CYCLE_FILE_SUFFIX))
            {
                sizes.put(path, Long.parseLong(line.substring(0, tab)));
            }
            else if (path.equals(rootName))
            {
                total = Long.parseLong(line.substring(0, tab));
            }
        }
        return total < 0 ? null : new Usage(sizes, total);
    }
}
