package io.concurrengine.tools.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process's file mappings: the journal's cycle files (Chronicle maps them itself, so the
 * JVM's "mapped" buffer pool never sees them), the counters file, the JVM's own libraries and jars. Read from Linux's
 * {@code /proc/self/status} ({@code RssFile}: every resident page of a file mapping, a shared one in full).
 * <p>
 * Not from {@code smaps_rollup}, whose proportional {@code Pss_File} reads the same within about a tenth: the kernel
 * walks every page table of the process for it, 3.75 ms of one core here for a running engine's JVM, and the soak and
 * the benchmark sample it every second while the shards run on the same two cores ({@code status} takes 24 µs).
 */
public final class MappedFileMemory
{
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final String FIELD = "RssFile:";

    private MappedFileMemory()
    {
    }

    /**
     * @return resident bytes of file mappings, or -1 where {@code /proc/self/status} or its {@code RssFile} line
     * (Linux 4.5+) is missing.
     */
    static long residentBytes()
    {
        try
        {
            return parse(Files.readString(STATUS, StandardCharsets.US_ASCII));
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * @param pools the JVM's buffer pools.
     * @return {@link #residentBytes()} where Linux reports it, else the JVM's mapped buffer pool (which Chronicle's
     * own mappings bypass, so it undercounts the journal).
     */
    public static long residentBytesOr(final BufferPools pools)
    {
        final long resident = residentBytes();
        return resident >= 0 ? resident : pools.mappedBytes();
    }

    /**
     * @param status the text of a {@code /proc/PID/status} file.
     * @return its {@code RssFile} in bytes, or -1 if it has none.
     */
    static long parse(final String status)
    {
        for (final String line : status.split("\n"))
        {
            if (line.startsWith(FIELD))
            {
                final String value = line.substring(FIELD.length()).trim();
                if (!value.endsWith(" kB"))
                {
                    return -1;
                }
                return Long.parseLong(value.substring(0, value.length() - 3).trim()) * 1024;
            }
        }
        return -1;
    }
}
