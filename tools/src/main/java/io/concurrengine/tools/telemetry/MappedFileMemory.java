package io.concurrengine.tools.telemetry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process's file mappings: the journal's cycle files (Chronicle maps them itself, so the
 * JVM's "mapped" buffer pool never sees them), the counters file, the JVM's own libraries and jars. Read from Linux's
 * {@code /proc/self/smaps_rollup} ({@code Pss_File}: each mapped page counted once, shared pages by their share).
 */
public final class MappedFileMemory
{
    private static final Path ROLLUP = Path.of("/proc/self/smaps_rollup");
    private static final String FIELD = "Pss_File:";

    private MappedFileMemory()
    {
    }

    /**
     * @return resident bytes of file mappings, or -1 where {@code smaps_rollup} (Linux 4.14+) or its
     * {@code Pss_File} line (Linux 5.10+) is missing.
     */
    static long residentBytes()
    {
        try
        {
            return parse(Files.readString(ROLLUP, StandardCharsets.US_ASCII));
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
     * @param rollup the text of an {@code smaps_rollup} file.
     * @return its {@code Pss_File} in bytes, or -1 if it has none.
     */
    static long parse(final String rollup)
    {
        for (final String line : rollup.split("\n"))
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
