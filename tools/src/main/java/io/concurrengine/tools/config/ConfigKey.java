package io.concurrengine.tools.config;

import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * One known configuration key: its dotted name, how to read a value of it from TOML or from text (environment
 * variables and flags), and where to put it. A value is checked by its parser; the parser's
 * {@link IllegalArgumentException} message becomes the problem in the {@link ConfigException}.
 */
final class ConfigKey
{
    /** Reads a raw value (TOML value or text) into the typed value. */
    @FunctionalInterface
    interface Parser
    {
        Object parse(Object raw);

        /**
         * @return what values it takes, for a person, e.g. {@code an integer, from 1 to 1024}; empty if it does not say.
         */
        default String takes()
        {
            return "";
        }
    }

    private final String name;
    private final String description;
    private final Parser parser;
    private final BiConsumer<EngineConfig, Object> setter;

    ConfigKey(
        final String name,
        final String description,
        final Parser parser,
        final BiConsumer<EngineConfig, Object> setter)
    {
        this.name = name;
        this.description = description;
        this.parser = parser;
        this.setter = setter;
    }

    String name()
    {
        return name;
    }

    String description()
    {
        return description;
    }

    /**
     * @return what values the key takes, for a person ({@link Parser#takes()}).
     */
    String takes()
    {
        return parser.takes();
    }

    /**
     * @return the environment variable that overrides this key: {@code CONCURRENGINE_<SECTION>_<KEY>}.
     */
    String environmentVariable()
    {
        return "CONCURRENGINE_" + name.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    void apply(final EngineConfig config, final Object raw, final String source)
    {
        final Object value;
        try
        {
            value = parser.parse(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(source, name, ex.getMessage());
        }
        setter.accept(config, value);
    }
}
