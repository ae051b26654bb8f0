package io.concurrengine.tools.feed;

import io.concurrengine.tools.PrintableText;

/**
 * A record of a feed that cannot be read as an input: names the feed (a file, or a stream), the line and what is
 * wrong. The message holds the feed's name as it is, control characters included: whoever prints it for a person
 * escapes it ({@link PrintableText}).
 */
public final class FeedFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String feed;
    private final long line;
    private final String problem;

    /**
     * @param feed    the feed file's path, or the name of the stream.
     * @param line    line number, from 1.
     * @param problem what is wrong with the line.
     */
    public FeedFormatException(final String feed, final long line, final String problem)
    {
        super(feed + ":" + line + ": " + problem);
        this.feed = feed;
        this.line = line;
        this.problem = problem;
    }

    /**
     * @return the feed file's path, or the name of the stream.
     */
    public String feed()
    {
        return feed;
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
