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

    /**
     * @param source  where the value came from, e.g. {@code engine.toml:12:1} or {@code env CONCURRENGINE_ENGINE_SHARDS}.
     * @param key     the dotted key, e.g. {@code engine.shards}.
     * @param problem what is wrong.
     */
    public ConfigException(final String source, final String key, final String problem)
    {
        super(source + ": " + key + ": " + problem);
        this.source = source;
        this.key = key;
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
}
