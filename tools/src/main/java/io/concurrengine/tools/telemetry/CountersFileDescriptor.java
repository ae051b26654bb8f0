package io.concurrengine.tools.telemetry;

import org.agrona.concurrent.status.CountersReader;

/**
 * Layout of the counters file a running engine shares with {@code concurrengine stat} in another process.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         magic "CECN"                          |  0
 *  +---------------------------------------------------------------+
 *  |                        format version                         |  4
 *  +---------------------------------------------------------------+
 *  |                       metadata length                         |  8
 *  +---------------------------------------------------------------+
 *  |                        values length                          | 12
 *  +---------------------------------------------------------------+
 *  |                        owner pid (long)                       | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  start time, epoch ms (long)                  | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      status (int): 1 running, 2 finished (release store)      | 32
 *  +---------------------------------------------------------------+
 *  |                            padding                            | 36
 *  +---------------------------------------------------------------+
 *  |    finish time, epoch ms (long): 0 until the values are final | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   last heartbeat, epoch ms (long): 0 until the first beat     | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       ... padding to 128 ...                  |
 *  +---------------------------------------------------------------+
 *  |         Agrona counters metadata: METADATA_LENGTH each        | 128
 *  +---------------------------------------------------------------+
 *  |           Agrona counter values: COUNTER_LENGTH each          | 128 + metadata length
 *  +---------------------------------------------------------------+
 * </pre>
 * The finish time and the heartbeat lie in what the first files of version 1 left as zero padding: such a file reads
 * as finished at a time not recorded (or, killed, as never beating), and a reader of those builds ignores the fields.
 * The finish time is written as the owner's engine stops, while the status still says running; builds before that
 * wrote it with the status, and their readers read it only once the status says finished.
 */
public final class CountersFileDescriptor
{
    /** "CECN" in little-endian bytes. */
    public static final int MAGIC = 0x4E434543;

    /**
     * Format version of this layout. A new version, or a field in the header's padding, adds a file written by the
     * last release of the old layout to the test fixtures (tools/src/test/resources/.../telemetry/golden/README.md).
     */
    public static final int VERSION = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;

    /** Offset of the format version. */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;

    /** Offset of the metadata section's length. */
    public static final int METADATA_LENGTH_OFFSET = VERSION_OFFSET + Integer.BYTES;

    /** Offset of the values section's length. */
    public static final int VALUES_LENGTH_OFFSET = METADATA_LENGTH_OFFSET + Integer.BYTES;

    /** Offset of the owner's process id. */
    public static final int PID_OFFSET = VALUES_LENGTH_OFFSET + Integer.BYTES;

    /** Offset of the start time in epoch milliseconds. */
    public static final int START_TIME_OFFSET = PID_OFFSET + Long.BYTES;

    /** Offset of the status word. */
    public static final int STATUS_OFFSET = START_TIME_OFFSET + Long.BYTES;

    /**
     * Offset of the finish time in epoch milliseconds, when the owner's values became final (its engine stopped),
     * written then (release store), before the status says finished; 0 before.
     */
    public static final int FINISH_TIME_OFFSET = STATUS_OFFSET + Long.BYTES;

    /**
     * Offset of the owner's last heartbeat in epoch milliseconds, written while it runs (a run every 200 ms): how old
     * the last values of an owner that was killed are. 0 until the first beat.
     */
    public static final int HEARTBEAT_OFFSET = FINISH_TIME_OFFSET + Long.BYTES;

    /** Length of the header; the metadata section starts here. */
    public static final int HEADER_LENGTH = 128;

    /** Status while the owner runs. */
    public static final int STATUS_RUNNING = 1;

    /** Status once the owner has finished; the values are final. */
    public static final int STATUS_FINISHED = 2;

    /** Default number of counters the file has room for. */
    public static final int DEFAULT_COUNTERS = 1024;

    private CountersFileDescriptor()
    {
    }

    /**
     * @param counters counters the file has room for.
     * @return length of the values section.
     */
    public static int valuesLength(final int counters)
    {
        return counters * CountersReader.COUNTER_LENGTH;
    }

    /**
     * @param counters counters the file has room for.
     * @return length of the metadata section.
     */
    public static int metadataLength(final int counters)
    {
        return counters * CountersReader.METADATA_LENGTH;
    }

    /**
     * @param counters counters the file has room for.
     * @return total file length.
     */
    public static int fileLength(final int counters)
    {
        return HEADER_LENGTH + metadataLength(counters) + valuesLength(counters);
    }
}
