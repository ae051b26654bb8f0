package io.concurrengine.tools.telemetry;

import java.io.IOException;

/**
 * The path given for a counters file holds none: it is missing, or its bytes are not a counters file of this version
 * (empty, too short, another format, truncated). Bad input, as opposed to an I/O failure reading a file that is one.
 */
public final class NotACountersFileException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file.
     */
    public NotACountersFileException(final String message)
    {
        super(message);
    }
}
