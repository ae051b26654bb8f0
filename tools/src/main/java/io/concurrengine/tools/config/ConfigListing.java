package io.concurrengine.tools.config;

import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.json.JsonWriter;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded {@link EngineConfig} shown whole, for {@code --print-config}: every key with its value, where that value
 * came from (the embedded defaults with their line, a configuration file with its line, an environment variable, a
 * flag, or a value one of those implies) and what the key means. The values are those of
 * {@link EngineConfig#toToml()}, the text a journaled run writes as {@code run.toml}: as TOML it loads again with
 * {@code --config} to the same configuration, the comments being comments. Stateless.
 */
public final class ConfigListing
{
    private final ConfigLoader loader;

    /**
     * @param loader the loader that loaded the configurations to be listed: it has the keys' descriptions.
     */
    public ConfigListing(final ConfigLoader loader)
    {
        this.loader = loader;
    }

    /**
     * One key of a listing.
     *
     * @param key         its dotted name, e.g. {@code engine.shards}.
     * @param toml        its value as TOML text, e.g. {@code 2}, {@code "block"}, {@code "50000ns"}.
     * @param value       its value as TOML reads that text: a Long, Double, Boolean or String.
     * @param source      where the value came from, as {@link EngineConfig#sources()} has it.
     * @param environment the environment variable that sets the key.
     * @param description what the key means.
     * @param takes       what values it takes.
     */
    record Entry(String key, String toml, Object value, String source, String environment, String description,
        String takes)
    {
    }

    /**
     * @param config  a configuration this listing's loader loaded.
     * @param command the command that would run with it, e.g. {@code run}, for the first line.
     * @return the configuration as TOML that {@code --config} loads: above each key a comment line with its
     * description and one with what it takes and its environment variable, its source in a comment beside it.
     */
    public String toml(final EngineConfig config, final String command)
    {
        final StringBuilder text = new StringBuilder(8192)
            .append("# The configuration `concurrengine ").append(command).append("` would run with; as a file, ")
            .append("--config loads it.\n")
            .append("# Above each key what it means, what it takes and the environment variable that sets it; ")
            .append("beside it where its value came from.\n")
            .append("# Config hash ").append(hashText(config))
            .append(" (journal headers carry it; inspect prints it as config=0x...).\n");
        String section = "";
        for (final Entry entry : entries(config))
        {
            final String entrySection = entry.key().substring(0, entry.key().indexOf('.'));
            if (!entrySection.equals(section))
            {
                section = entrySection;
                text.append('\n').append('[').append(section).append("]\n");
            }
            text.append("# ").append(entry.description()).append('\n')
                .append("# ").append(entry.takes()).append("; ").append(entry.environment()).append('\n')
                .append(entry.key(), section.length() + 1, entry.key().length()).append(" = ").append(entry.toml())
                .append("    # ").append(PrintableText.escape(entry.source())).append('\n');
        }
        return text.toString();
    }

    /**
     * @param config  a configuration this listing's loader loaded.
     * @param command the command that would run with it, e.g. {@code run}.
     * @return the configuration as one JSON object on one line, in ASCII: {@code command}, {@code configHash} (as
     * {@code 0x} and hex digits) and {@code keys}, an object of dotted key to an object with {@code value} (a number,
     * boolean or string as TOML has it; durations as strings such as {@code "50000ns"}), {@code source},
     * {@code environment}, {@code description} and {@code takes}.
     */
    public String json(final EngineConfig config, final String command)
    {
        final JsonWriter json = new JsonWriter().asciiOnly().beginObject()
            .name("command").value(command)
            .name("configHash").value(hashText(config))
            .name("keys").beginObject();
        for (final Entry entry : entries(config))
        {
            json.name(entry.key()).beginObject().name("value").tree(entry.value())
                .name("source").value(entry.source())
                .name("environment").value(entry.environment())
                .name("description").value(entry.description())
                .name("takes").value(entry.takes())
                .endObject();
        }
        return json.endObject().endObject().toString();
    }

    /**
     * @return the configuration's hash as {@code inspect} prints a journal header's: {@code 0x} and its hex digits.
     */
    private static String hashText(final EngineConfig config)
    {
        return "0x" + Long.toHexString(config.hash());
    }

    /**
     * @param config a configuration this listing's loader loaded.
     * @return every key in the order of {@link EngineConfig#toToml()}, which has them section by section.
     */
    List<Entry> entries(final EngineConfig config)
    {
        final String toml = config.toToml();
        final TomlParseResult parsed = Toml.parse(toml);
        if (parsed.hasErrors())
        {
            throw new IllegalStateException("the configuration's own TOML does not parse: " + parsed.errors());
        }
        final List<Entry> entries = new ArrayList<>();
        String section = "";
        for (final String line : toml.split("\n"))
        {
            if (line.startsWith("["))
            {
                section = line.substring(1, line.indexOf(']'));
            }
            else if (!line.isEmpty())
            {
                final int equals = line.indexOf(" = ");
                final String name = line.substring(0, equals);
                final ConfigKey key = loader.key(section + "." + name);
                if (null == key)
                {
                    throw new IllegalStateException("the configuration's TOML has a key the loader does not know: " +
                        section + "." + name);
                }
                entries.add(new Entry(key.name(), line.substring(equals + 3), parsed.get(List.of(section, name)),
                    config.sources.getOrDefault(key.name(), "unknown"), key.environmentVariable(),
                    key.description(), key.takes()));
            }
        }
        return entries;
    }
}
