package io.concurrengine.tools.spec;

/**
 * A spec file could not be loaded: names the file, the position when known, the key by its dotted path (e.g.
 * {@code spells[2].cast_time_ms}) when the problem is one key, and the problem. The message is one line:
 * {@code FILE[:LINE:COLUMN]: [KEY: ]PROBLEM}.
 */
public final class SpecLoadException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String key;
    private final String problem;
    private final int line;
    private final int column;

    /**
     * @param file    the file or resource name.
     * @param key     dotted path of the offending key, or null if the problem is not one key.
     * @param problem what is wrong.
     * @param line    1-based line, or 0 if unknown.
     * @param column  1-based column, or 0 if unknown.
     */
    public SpecLoadException(
        final String file, final String key, final String problem, final int line, final int column)
    {
        super(format(file, key, problem, line, column));
        this.file = file;
        this.key = key;
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    /**
     * @return the file or resource name.
     */
    public String file()
    {
        return file;
    }

    /**
     * @return dotted path of the offending key, or null.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return what is wrong.
     */
    public String problem()
    {
        return problem;
    }

    /**
     * @return 1-based line, or 0 if unknown.
     */
    public int line()
    {
        return line;
    }

    /**
     * @return 1-based column, or 0 if unknown.
     */
    public int column()
    {
        return column;
    }

    private static String format(
        final String file, final String key, final String problem, final int line, final int column)
    {
        final StringBuilder sb = new StringBuilder(file);
        if (line > 0)
        {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (null != key)
        {
            sb.append(key).append(": ");
        }
        return sb.append(problem.replace('\n', ' ')).toString();
    }
}
