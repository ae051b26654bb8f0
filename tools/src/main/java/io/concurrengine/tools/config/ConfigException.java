package io.concurrengine.tools.config;

/**
 * A configuration value is missing, unknown or wrong. The message names the source (file, environment variable or
 * flag), the key and the problem, and is meant to be shown to a person as it is.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;
    private final String problem;

    /**
     * @param source  where the value came from, e.g. {@code engine.toml:12:1} or {@code env CONCURRENGINE_ENGINE_SHARDS}.
     * @param key     the dotted key, e.g. {@code engine.shards}; left out of the message when the source already ends
     *                with it ({@code flag for run.duration}, {@code flag --duration (run.duration)}, an unknown
     *                {@code env CONCURRENGINE_X} named as its key).
     * @param problem what is wrong.
     */
    public ConfigException(final String source, final String key, final String problem)
    {
        super((source.endsWith(" " + key) || source.endsWith("(" + key + ")") ? source : source + ": " + key) + ": " +
            problem);
        this.source = source;
        this.key = key;
        this.problem = problem;
    }

    /**
     * @return where the bad value came from.
     */
    public String source()
    {
        return source;
    }

    /**
     * @return the dotted key.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return what is wrong, without the source and the key.
     */
    public String problem()
    {
        return problem;
    }
}
