package io.concurrengine.tools.feed;

import java.nio.file.Path;

/**
 * A record of a feed file that cannot be read as an input: names the file, the line and what is wrong.
 */
public final class FeedFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String problem;

    /**
     * @param file    the feed file.
     * @param line    line number, from 1.
     * @param problem what is wrong with the line.
     */
    public FeedFormatException(final Path file, final long line, final String problem)
    {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /**
     * @return the feed file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return line number, from 1.
     */
    public long line()
    {
        return line;
    }

    /**
     * @return what is wrong, without the file and line.
     */
    public String problem()
    {
        return problem;
    }
}
