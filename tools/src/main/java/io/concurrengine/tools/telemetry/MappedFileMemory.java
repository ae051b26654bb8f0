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
    private static final String RESIDENT_SET = "VmRSS:";

    private MappedFileMemory()
    {
    }

    /**
     * @return resident bytes of file mappings, or -1 where {@code /proc/self/status} or its {@code RssFile} line
     * (Linux 4.5+) is missing.
     */
    static long residentBytes()
    {
        return statusBytes(FIELD);
    }

    /**
     * @return the whole process's resident set ({@code VmRSS} of the same file), or -1 where there is none.
     */
    public static long residentSetBytes()
    {
        return statusBytes(RESIDENT_SET);
    }

    private static long statusBytes(final String field)
    {
        try
        {
            return parse(Files.readString(STATUS, StandardCharsets.US_ASCII), field);
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
     * @param field  a field given in kB, with its colon, e.g. {@code "RssFile:"}.
     * @return its value in bytes, or -1 if it has none.
     */
    static long parse(final String status, final String field)
    {
        for (final String line : status.split("\n"))
        {
            if (line.startsWith(field))
            {
                final String value = line.substring(field.length()).trim();
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
