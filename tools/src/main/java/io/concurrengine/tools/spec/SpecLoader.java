package io.concurrengine.tools.spec;

import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.RefreshRule;
import io.concurrengine.model.combat.spec.ResourceSpec;
import io.concurrengine.model.combat.spec.RotationEntry;
import io.concurrengine.model.combat.spec.RotationParser;
import io.concurrengine.model.combat.spec.SpecException;
import io.concurrengine.model.combat.spec.SpellSpec;
import io.concurrengine.tools.FileOption;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.Utf8Text;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads a combat spec from TOML: the schema is described in {@code specs/README.md} beside the built-in specs, which
 * are on the classpath under {@code /specs/NAME.toml}.
 * <p>
 * Every problem (unreadable file, TOML syntax, unknown key, wrong type, missing key, bad value or reference) is a
 * {@link SpecLoadException} naming the file, the line and column when known, and the key by its dotted path such as
 * {@code spells[2].cast_time_ms}. Semantic checks are the model's ({@link CombatSpec}); this class adds the file
 * format's.
 * <p>
 * Threadsafe: stateless.
 */
public final class SpecLoader
{
    /** Prefix of a built-in spec name, e.g. {@code builtin:fire_mage}. */
    public static final String BUILTIN_PREFIX = "builtin:";

    /** Built-in specs. */
    public static final List<String> BUILTIN_NAMES = List.of("fire_mage", "berserker");

    /** Largest spec file read, 1 MiB: a file beyond it is not a spec, and reading it whole could exhaust the heap. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    /** The spec used when none is given. */
    public static final String DEFAULT_BUILTIN = "fire_mage";

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String[] TOP_KEYS = {"character", "resources", "spells", "auras", "procs", "rotation"};
    private static final String[] CHARACTER_KEYS = {"name", "crit_pct", "haste_pct", "crit_multiplier", "power",
        "weapon_speed_ms", "weapon_damage", "auto_attack_resource", "auto_attack_gain", "gcd_floor_ms", "max_wait_ms"};
    private static final String[] RESOURCE_KEYS = {"name", "max", "initial", "regen_per_second", "regen_haste_scaled"};
    private static final String[] SPELL_KEYS = {"name", "cast_time_ms", "gcd_ms", "cooldown_ms", "cost", "gain",
        "damage", "coefficient", "can_crit", "applies_aura", "consumes_aura", "off_gcd"};
    private static final String[] AURA_KEYS = {"name", "duration_ms", "tick_ms", "tick_damage", "tick_can_crit",
        "max_stacks", "haste_pct", "damage_pct", "crit_pct", "refresh"};
    private static final String[] PROC_KEYS = {"name", "trigger", "source", "rppm", "chance", "haste_scaled",
        "icd_ms", "applies_aura", "damage"};
    private static final String[] ROTATION_KEYS = {"priority"};

    private SpecLoader()
    {
    }

    /**
     * Load a spec file, or a built-in spec when {@code location} is {@code builtin:NAME}.
     *
     * @param location a path or {@code builtin:NAME}.
     * @return the validated spec.
     * @throws SpecLoadException naming file, key and problem.
     */
    public static CombatSpec load(final String location) throws SpecLoadException
    {
        if (location.startsWith(BUILTIN_PREFIX))
        {
            return loadBuiltin(location.substring(BUILTIN_PREFIX.length()));
        }
        if (location.isEmpty()) // Path.of("") is the working directory
        {
            throw new SpecLoadException("\"\"", null, "an empty path, not a spec file", 0, 0);
        }
        final Path path;
        try
        {
            path = Path.of(location);
        }
        catch (final InvalidPathException ex)
        {
            throw new SpecLoadException(location, null, "not a path on this system: " + ex.getReason(), 0, 0);
        }
        if (Files.isDirectory(path))
        {
            throw new SpecLoadException(location, null, "a directory, not a spec file", 0, 0);
        }
        if (FileOption.namesADirectory(location))
        {
            throw new SpecLoadException(location, null, FileOption.why(location) + "; a spec file is meant", 0, 0);
        }
        final String text;
        try
        {
            final byte[] bytes = Utf8Text.readAtMost(path, MAX_FILE_BYTES);
            if (bytes.length > MAX_FILE_BYTES)
            {
                throw new SpecLoadException(location, null, String.format(Locale.ROOT, "larger than the %,d bytes a " +
                    "spec file may have (the built-in ones have a few thousand): not a spec file", MAX_FILE_BYTES),
                    0, 0);
            }
            final String decoded = Utf8Text.decode(bytes);
            // a byte order mark, which some Windows editors write and TOML does not take, is skipped as run's
            // configuration file skips it
            text = decoded.startsWith(BYTE_ORDER_MARK) ? decoded.substring(BYTE_ORDER_MARK.length()) : decoded;
        }
        catch (final NoSuchFileException ex)
        {
            throw new SpecLoadException(location, null, "no such file", 0, 0);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new SpecLoadException(location, null, ex.getMessage() + "; a spec file is UTF-8 TOML", 0, 0);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new SpecLoadException(location, null, "cannot read: " + IoProblems.describe(ex), 0, 0);
        }
        return parse(location, text);
    }

    /**
     * @param name one of {@link #BUILTIN_NAMES}.
     * @return the built-in spec.
     * @throws SpecLoadException if there is no such built-in spec.
     */
    public static CombatSpec loadBuiltin(final String name) throws SpecLoadException
    {
        final String resource = "/specs/" + name + ".toml";
        try (InputStream in = SpecLoader.class.getResourceAsStream(resource))
        {
            if (null == in || !BUILTIN_NAMES.contains(name))
            {
                throw new SpecLoadException(BUILTIN_PREFIX + name, null,
                    "no such built-in spec (built-in: " + String.join(", ", BUILTIN_NAMES) + ")", 0, 0);
            }
            return parse(BUILTIN_PREFIX + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new SpecLoadException(BUILTIN_PREFIX + name, null, "cannot read: " + IoProblems.describe(ex), 0, 0);
        }
    }

    /**
     * @param file name of the source, for messages.
     * @param text TOML text.
     * @return the validated spec.
     * @throws SpecLoadException naming file, key and problem.
     */
    public static CombatSpec parse(final String file, final String text) throws SpecLoadException
    {
        final TomlParseResult toml;
        try
        {
            toml = Toml.parse(text);
        }
        catch (final StackOverflowError ex)
        {
            // the parser recurses once a level of nesting: a couple of KB of nested arrays overflow its stack
            throw new SpecLoadException(file, null, "TOML syntax error: arrays or inline tables nested too deeply " +
                "to parse", 0, 0);
        }
        if (toml.hasErrors())
        {
            final TomlParseError error = toml.errors().get(0);
            final TomlPosition at = error.position();
            throw new SpecLoadException(file, null, "TOML syntax error: " + error.getMessage(),
                null == at ? 0 : at.line(), null == at ? 0 : at.column());
        }
        final Map<String, TomlPosition> positions = new HashMap<>();
        final TomlSection root = new TomlSection(file, text, "", toml, TomlPosition.positionAt(1, 1), positions);
        try
        {
            final CharacterSpec character = character(required(root, "character"));
            final List<ResourceSpec> resources = new ArrayList<>();
            for (final TomlSection section : root.tables("resources"))
            {
                resources.add(resource(section));
            }
            final List<SpellSpec> spells = new ArrayList<>();
            for (final TomlSection section : root.tables("spells"))
            {
                spells.add(spell(section));
            }
            final List<AuraSpec> auras = new ArrayList<>();
            for (final TomlSection section : root.tables("auras"))
            {
                auras.add(aura(section));
            }
            final List<ProcSpec> procs = new ArrayList<>();
            for (final TomlSection section : root.tables("procs"))
            {
                procs.add(proc(section));
            }
            final List<RotationEntry> rotation = rotation(required(root, "rotation"));
            root.finish(TOP_KEYS);
            return new CombatSpec(character, resources, spells, auras, procs, rotation);
        }
        catch (final SpecException ex)
        {
            final TomlPosition at = positionOf(positions, ex.key());
            throw new SpecLoadException(file, ex.key(), ex.problem(), null == at ? 0 : at.line(),
                null == at ? 0 : at.column());
        }
    }

    private static TomlSection required(final TomlSection root, final String key) throws SpecLoadException
    {
        final TomlSection section = root.optTable(key);
        if (null == section)
        {
            throw root.error(key, "missing required table [" + key + "]");
        }
        return section;
    }

    private static CharacterSpec character(final TomlSection s) throws SpecLoadException
    {
        final CharacterSpec.Builder builder = CharacterSpec.builder(s.string("name"))
            .critPct(s.optDouble("crit_pct", 0))
            .hastePct(s.optDouble("haste_pct", 0))
            .critMultiplier(s.optDouble("crit_multiplier", CharacterSpec.DEFAULT_CRIT_MULTIPLIER))
            .power(s.optDouble("power", 0))
            .gcdFloorMs(s.optLong("gcd_floor_ms", CharacterSpec.DEFAULT_GCD_FLOOR_MS))
            .maxWaitMs(s.optLong("max_wait_ms", CharacterSpec.DEFAULT_MAX_WAIT_MS));
        final double[] weapon = s.optRange("weapon_damage");
        builder.weapon(s.optLong("weapon_speed_ms", 0), weapon[0], weapon[1]);
        builder.autoAttackGain(s.optString("auto_attack_resource", null), s.optDouble("auto_attack_gain", 0));
        s.finish(CHARACTER_KEYS);
        return builder.build();
    }

    private static ResourceSpec resource(final TomlSection s) throws SpecLoadException
    {
        final String name = name(s);
        if (RotationParser.isConditionWord(name))
        {
            // refused before the priority lines are parsed: "x if aura_active >= 5" would fail first, "expected '('"
            throw s.error("name", RotationParser.conditionWord(name));
        }
        final double max = s.requiredDouble("max");
        final ResourceSpec resource = new ResourceSpec(name, max, s.optDouble("initial", max),
            s.optDouble("regen_per_second", 0), s.optBoolean("regen_haste_scaled", false));
        s.finish(RESOURCE_KEYS);
        return resource;
    }

    private static SpellSpec spell(final TomlSection s) throws SpecLoadException
    {
        final SpellSpec.Builder builder = SpellSpec.builder(name(s))
            .castTimeMs(s.optLong("cast_time_ms", 0))
            .gcdMs(s.optLong("gcd_ms", SpellSpec.DEFAULT_GCD_MS))
            .cooldownMs(s.optLong("cooldown_ms", 0))
            .coefficient(s.optDouble("coefficient", 0))
            .canCrit(s.optBoolean("can_crit", true))
            .appliesAura(s.optString("applies_aura", null))
            .consumesAura(s.optString("consumes_aura", null))
            .offGcd(s.optBoolean("off_gcd", false));
        final double[] damage = s.optRange("damage");
        builder.damage(damage[0], damage[1]);
        for (final Map.Entry<String, Double> cost : s.optAmounts("cost").entrySet())
        {
            builder.cost(cost.getKey(), cost.getValue());
        }
        for (final Map.Entry<String, Double> gain : s.optAmounts("gain").entrySet())
        {
            builder.gain(gain.getKey(), gain.getValue());
        }
        s.finish(SPELL_KEYS);
        return builder.build();
    }

    private static AuraSpec aura(final TomlSection s) throws SpecLoadException
    {
        final AuraSpec.Builder builder = AuraSpec.builder(name(s), s.requiredLong("duration_ms"));
        final double[] tick = s.optRange("tick_damage");
        builder.ticks(s.optLong("tick_ms", 0), tick[0], tick[1])
            .tickCanCrit(s.optBoolean("tick_can_crit", true))
            .hastePct(s.optDouble("haste_pct", 0))
            .damagePct(s.optDouble("damage_pct", 0))
            .critPct(s.optDouble("crit_pct", 0))
            .refresh(choice(s, "refresh", RefreshRule.class, RefreshRule.PANDEMIC));
        final long maxStacks = s.optLong("max_stacks", 1);
        if (maxStacks < 1 || maxStacks > 1_000_000)
        {
            throw s.error("max_stacks", "must be in [1, 1000000]: " + maxStacks);
        }
        builder.maxStacks((int)maxStacks);
        s.finish(AURA_KEYS);
        return builder.build();
    }

    private static ProcSpec proc(final TomlSection s) throws SpecLoadException
    {
        final String name = s.string("name");
        final ProcTrigger trigger = choice(s, "trigger", ProcTrigger.class, null);
        final ProcSpec.Builder builder = ProcSpec.builder(name, trigger)
            .source(s.optString("source", null))
            .rppm(s.optDouble("rppm", 0), s.optBoolean("haste_scaled", false))
            .chance(s.optDouble("chance", 0))
            .icdMs(s.optLong("icd_ms", 0))
            .appliesAura(s.optString("applies_aura", null));
        final double[] damage = s.optRange("damage");
        builder.damage(damage[0], damage[1]);
        s.finish(PROC_KEYS);
        return builder.build();
    }

    private static List<RotationEntry> rotation(final TomlSection s) throws SpecLoadException
    {
        final List<String> lines = s.strings("priority");
        final List<RotationEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            try
            {
                entries.add(RotationParser.parse(lines.get(i)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw s.error("priority[" + i + "]", ex.getMessage());
            }
        }
        s.finish(ROTATION_KEYS);
        return entries;
    }

    /**
     * The name of a resource, spell or aura, refused here if a priority line could not refer to it, before the
     * rotation's lines are parsed: else the first line naming it failed first, as a syntax error ("expected 'if'").
     */
    private static String name(final TomlSection s) throws SpecLoadException
    {
        final String name = s.string("name");
        if (!name.isBlank() && !RotationParser.isName(name))
        {
            throw s.error("name", RotationParser.notAName(name));
        }
        return name;
    }

    private static <E extends Enum<E>> E choice(
        final TomlSection s, final String key, final Class<E> type, final E fallback) throws SpecLoadException
    {
        final String value = null == fallback ? s.string(key) : s.optString(key, fallback.name());
        for (final E constant : type.getEnumConstants())
        {
            if (constant.name().equalsIgnoreCase(value))
            {
                return constant;
            }
        }
        final List<String> names = new ArrayList<>();
        for (final E constant : type.getEnumConstants())
        {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw s.error(key, "unknown value '" + value + "' (expected one of: " + String.join(", ", names) + ")");
    }

    private static TomlPosition positionOf(final Map<String, TomlPosition> positions, final String key)
    {
        String k = key;
        while (true)
        {
            final TomlPosition at = positions.get(k);
            if (null != at || k.isEmpty())
            {
                return at;
            }
            final int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            k = cut < 0 ? "" : k.substring(0, cut);
        }
    }
}
