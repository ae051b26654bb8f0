package io.concurrengine.tools.spec;

import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.RefreshRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecLoaderTest
{
    private static final String HEAD = "[character]\nname = \"t\"\n\n[[spells]]\nname = \"a\"\n";
    private static final String TAIL = "\n[rotation]\npriority = [\"a\"]\n";

    @Test
    void shouldLoadEveryBuiltinSpec() throws SpecLoadException
    {
        for (final String name : SpecLoader.BUILTIN_NAMES)
        {
            final CombatSpec spec = SpecLoader.load(SpecLoader.BUILTIN_PREFIX + name);
            assertTrue(spec.spells().size() > 3, name);
        }
    }

    @Test
    void shouldReadEveryKeyOfTheSchema() throws SpecLoadException
    {
        final CombatSpec spec = SpecLoader.parse("x.toml", "[character]\nname = \"t\"\ncrit_pct = 10\n" +
            "weapon_speed_ms = 2000\nweapon_damage = [1, 2]\nauto_attack_resource = \"rage\"\nauto_attack_gain = 5\n" +
            "[[resources]]\nname = \"rage\"\nmax = 100\ninitial = 0\n" +
            "[[spells]]\nname = \"a\"\ncast_time_ms = 1500\ncost = { rage = 10 }\ndamage = 7\napplies_aura = \"b\"\n" +
            "[[auras]]\nname = \"b\"\nduration_ms = 6000\ntick_ms = 2000\ntick_damage = [3, 4]\n" +
            "refresh = \"extend\"\n" +
            "[[procs]]\nname = \"p\"\ntrigger = \"auto_attack\"\nrppm = 1.5\nhaste_scaled = true\ndamage = 9\n" +
            TAIL);

        assertEquals(2000, spec.character().weaponSpeedMs());
        assertEquals(10.0, spec.spells().get(0).costs().get(0).amount());
        assertEquals(7.0, spec.spells().get(0).damageMax());
        assertEquals(RefreshRule.EXTEND, spec.auras().get(0).refresh());
        assertEquals(1.5, spec.procs().get(0).rppm());
        assertTrue(spec.procs().get(0).hasteScaled());
        assertTrue(spec.spells().get(0).canCrit(), "can_crit's default");
        assertEquals(0.0, spec.resources().get(0).initial());
    }

    @Test
    void shouldNameUnknownKeyWithItsPathAndLine()
    {
        final SpecLoadException error = fails(HEAD + "cast_tme_ms = 5\n" + TAIL);

        assertEquals("spells[0].cast_tme_ms", error.key());
        assertEquals(6, error.line());
        assertTrue(error.problem().startsWith("unknown key"), error.problem());
        assertTrue(error.getMessage().startsWith("t.toml:6:1: spells[0].cast_tme_ms: unknown key"),
            error.getMessage());
    }

    @Test
    void shouldNameWrongType()
    {
        final SpecLoadException error = fails(HEAD + "cast_time_ms = \"fast\"\n" + TAIL);

        assertEquals("spells[0].cast_time_ms", error.key());
        assertEquals("expected an integer, found a string", error.problem());
    }

    @Test
    void shouldRejectFloatWhereIntegerIsRequired()
    {
        final SpecLoadException error = fails(HEAD + "cooldown_ms = 1.5\n" + TAIL);

        assertEquals("spells[0].cooldown_ms", error.key());
        assertEquals("expected an integer, found a float", error.problem());
    }

    @Test
    void shouldNameMissingRequiredKey()
    {
        final SpecLoadException error = fails(HEAD + "\n[[auras]]\nduration_ms = 5\n" + TAIL);

        assertEquals("auras[0].name", error.key());
        assertEquals("missing required key", error.problem());
    }

    @Test
    void shouldNameBadReferenceWithItsLine()
    {
        final SpecLoadException error = fails(HEAD + "applies_aura = \"ghost\"\n" + TAIL);

        assertEquals("spells[0].applies_aura", error.key());
        assertEquals("unknown aura 'ghost'", error.problem());
        assertEquals(6, error.line());
    }

    @Test
    void shouldRejectNegativeDuration()
    {
        final SpecLoadException error = fails(HEAD + "\n[[auras]]\nname = \"b\"\nduration_ms = -5\n" + TAIL);

        assertEquals("auras[0].duration_ms", error.key());
        assertEquals("must be positive: -5", error.problem());
        assertEquals(9, error.line());
    }

    @Test
    void shouldReportSyntaxErrorWithLineAndColumn()
    {
        final SpecLoadException error = fails(HEAD + "damage = [1, \n" + TAIL);

        assertTrue(error.line() >= 6, "line " + error.line());
        assertTrue(error.column() > 0, "column " + error.column());
        assertTrue(error.problem().startsWith("TOML syntax error"), error.problem());
    }

    @Test
    void shouldRefuseArraysNestedTooDeeplyForTheParserAsASyntaxErrorNotAStackOverflow()
    {
        // 200,000 levels overflowed the parser's stack: sim printed a StackOverflowError's trace and exited 1
        final SpecLoadException error = fails(HEAD + "damage = " + "[".repeat(200_000) + "1" + "]".repeat(200_000) +
            "\n" + TAIL);

        assertEquals("TOML syntax error: arrays or inline tables nested too deeply to parse", error.problem());
    }

    @Test
    void shouldNameUnparsableRotationLine()
    {
        final SpecLoadException error = fails(HEAD + "\n[rotation]\npriority = [\"a\", \"a if mana => 5\"]\n");

        assertEquals("rotation.priority[1]", error.key());
        assertTrue(error.problem().contains("column"), error.problem());
    }

    @Test
    void shouldNameUnknownEnumValue()
    {
        final SpecLoadException error =
            fails(HEAD + "\n[[auras]]\nname = \"b\"\nduration_ms = 5\nrefresh = \"sometimes\"\n" + TAIL);

        assertEquals("auras[0].refresh", error.key());
        assertEquals("unknown value 'sometimes' (expected one of: pandemic, reset, extend, keep)", error.problem());
    }

    @Test
    void shouldRejectUnknownTopLevelTable()
    {
        final SpecLoadException error = fails(HEAD + TAIL + "\n[talents]\nx = 1\n");

        assertEquals("talents", error.key());
    }

    @Test
    void shouldRequireRotation()
    {
        final SpecLoadException error = fails(HEAD);

        assertEquals("rotation", error.key());
    }

    @Test
    void shouldNameMissingFile(@TempDir final Path dir)
    {
        final String missing = dir.resolve("nope.toml").toString();
        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load(missing));

        assertEquals(missing, error.file());
        assertEquals("no such file", error.problem());
    }

    @Test
    void shouldSayADirectoryIsNotASpecFile(@TempDir final Path dir)
    {
        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load(dir.toString()));

        assertEquals(dir.toString(), error.file());
        assertEquals("a directory, not a spec file", error.problem());
    }

    @Test
    void shouldSayAnEmptyPathIsNotASpecFile()
    {
        // --spec "" (an unset variable) was read as the working directory: 'invalid spec: : a directory, not a spec
        // file', naming neither the empty path nor the flag
        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load(""));

        assertEquals("\"\": an empty path, not a spec file", error.getMessage());
    }

    @Test
    void shouldNameTheFirstByteOfASpecFileThatIsNotUtf8(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.write(dir.resolve("latin1.toml"), "[character]\nname = \"caf\u00e9\"\n"
            .getBytes(StandardCharsets.ISO_8859_1));

        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load(file.toString()));

        assertEquals("not UTF-8 text (byte 0xe9 at offset 23 (line 2)); a spec file is UTF-8 TOML", error.problem());
    }

    @Test
    void shouldRefuseAFileLargerThanASpecMayBe(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("huge.toml");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
        {
            sparse.setLength(SpecLoader.MAX_FILE_BYTES + 1L);
        }

        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load(file.toString()));

        assertEquals("larger than the 1,048,576 bytes a spec file may have (the built-in ones have a few thousand): " +
            "not a spec file", error.problem());
    }

    @Test
    void shouldLoadFromFile(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("ok.toml"), HEAD + TAIL);

        assertEquals("a", SpecLoader.load(file.toString()).spells().get(0).name());
    }

    /**
     * A byte order mark, as some Windows editors write at the start of a UTF-8 file, is skipped as run's configuration
     * file skips it: a spec saved with one was refused as "TOML syntax error: Unexpected '\ufeff'". Positions are
     * those of the text without it, as the editor shows it.
     */
    @Test
    void shouldReadASpecFileThatStartsWithAByteOrderMark(@TempDir final Path dir) throws Exception
    {
        final Path file = Files.write(dir.resolve("bom.toml"), ("\uFEFF" + HEAD.replace("\n", "\r\n") + TAIL)
            .getBytes(StandardCharsets.UTF_8));
        final Path bad = Files.write(dir.resolve("bad.toml"), "\uFEFF[character] x".getBytes(StandardCharsets.UTF_8));

        assertEquals("a", SpecLoader.load(file.toString()).spells().get(0).name());
        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load(bad.toString()));
        assertEquals(bad + ":1:13: TOML syntax error: Unexpected 'x', expected a newline or end-of-input",
            error.getMessage());
    }

    @Test
    void shouldRejectUnknownBuiltin()
    {
        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load("builtin:bard"));

        assertTrue(error.problem().startsWith("no such built-in spec"), error.problem());
    }

    @Test
    void shouldRefuseAnUnknownKeyInEverySectionNamingItsPathLineAndTheKeysItTakes()
    {
        // only [[spells]] and the top level were checked; each section's own finish() could go unnoticed
        final String[][] cases = {
            {"[character]\nname = \"t\"\nhaste = 5\n[[spells]]\nname = \"a\"\n" + TAIL, "character.haste", "3",
                "name, crit_pct, haste_pct, crit_multiplier, power, weapon_speed_ms, weapon_damage, " +
                "auto_attack_resource, auto_attack_gain, gcd_floor_ms, max_wait_ms"},
            {HEAD + "[[resources]]\nname = \"mana\"\nmax = 10\nregen = 1\n" + TAIL, "resources[0].regen", "9",
                "name, max, initial, regen_per_second, regen_haste_scaled"},
            {HEAD + "[[auras]]\nname = \"b\"\nduration_ms = 5\nstacks = 2\n" + TAIL, "auras[0].stacks", "9",
                "name, duration_ms, tick_ms, tick_damage, tick_can_crit, max_stacks, haste_pct, damage_pct, " +
                "crit_pct, refresh"},
            {HEAD + "damage = 1\n[[procs]]\nname = \"p\"\ntrigger = \"hit\"\nchance = 1\ndamage = 1\nrate = 2\n" +
                TAIL, "procs[0].rate", "12", "name, trigger, source, rppm, chance, haste_scaled, icd_ms, " +
                "applies_aura, damage"},
            {HEAD + TAIL + "lines = 3\n", "rotation.lines", "9", "priority"},
        };
        for (final String[] c : cases)
        {
            final SpecLoadException error = fails(c[0]);
            assertEquals(c[1], error.key(), c[0]);
            assertEquals("t.toml:" + c[2] + ":1: " + c[1] + ": unknown key (expected one of: " + c[3] + ")",
                error.getMessage());
        }
    }

    @Test
    void shouldNameTheFirstUnknownKeyOfASectionInFileOrder()
    {
        // the table's keys come in hash order ("a" before "b"); the first in the file is the one to name
        final SpecLoadException error = fails(HEAD + "b = 1\na = 2\n" + TAIL);

        assertEquals("spells[0].b", error.key());
        assertEquals(6, error.line());
    }

    @Test
    void shouldKeepCostsAndGainsInFileOrderAndPointAtTheAmountThatNamesNothing() throws SpecLoadException
    {
        final String resources = "\n[[resources]]\nname = \"a\"\nmax = 10\n\n[[resources]]\nname = \"b\"\nmax = 10\n";
        final CombatSpec spec = SpecLoader.parse("t.toml",
            HEAD + "cost = { b = 1, a = 2 }\ngain = { b = 3, a = 4 }\n" + resources + TAIL);

        assertEquals("b", spec.spells().get(0).costs().get(0).resource());
        assertEquals(2.0, spec.spells().get(0).costs().get(1).amount());
        assertEquals("b", spec.spells().get(0).gains().get(0).resource());
        assertEquals(4.0, spec.spells().get(0).gains().get(1).amount());
        final SpecLoadException error = fails(HEAD + "cost = { a = 1, ghost = 2 }\n" + resources + TAIL);
        assertEquals("t.toml:6:17: spells[0].cost.ghost: unknown resource 'ghost'", error.getMessage());
    }

    @Test
    void shouldPointAtTheRotationEntryThatNamesNothingOrCannotBeParsedAtItsFirstCharacter()
    {
        // tomlj places an element of an array at the blanks before it: the entry of a list written one to a line was
        // named at the end of the line before, and one written after a comma at the space before it
        final SpecLoadException error = fails(HEAD + "\n[rotation]\npriority = [\n    \"a\",\n" +
            "    \"a if target_health_pct < 50\",  # comment\n\n    \"c\",\n]\n");
        assertEquals("t.toml:12:5: rotation.priority[2]: unknown spell 'c'", error.getMessage());

        assertEquals("t.toml:8:18: rotation.priority[1]: unknown spell 'c'",
            fails(HEAD + "\n[rotation]\npriority = [\"a\", \"c\"]\n").getMessage());
        final SpecLoadException parse =
            fails(HEAD + "\n[rotation]\npriority = [\n    \"a\",\n    \"a if mana => 5\",\n]\n");
        assertEquals("rotation.priority[1]", parse.key());
        assertEquals(10, parse.line());
        assertEquals(5, parse.column());
        assertEquals("t.toml:9:5: rotation.priority[0]: expected a string, found an integer",
            fails(HEAD + "\n[rotation]\npriority = [\n    1,\n]\n").getMessage());
    }

    @Test
    void shouldNameEachTomlTypeOfAValueOfTheWrongType()
    {
        final String[][] cases = {{"true", "a boolean"}, {"[1]", "an array"}, {"{ a = 1 }", "a table"},
            {"1979-05-27", "a date"}, {"07:32:00", "a time"}, {"1979-05-27T07:32:00", "a local date-time"},
            {"1979-05-27T07:32:00Z", "a date-time"}, {"1.5", "a float"}, {"\"x\"", "a string"}};
        for (final String[] c : cases)
        {
            assertRefused("cast_time_ms = " + c[0], "spells[0].cast_time_ms: expected an integer, found " + c[1]);
        }
        assertRefused("damage = true", "spells[0].damage: expected a number, found a boolean");
        assertRefused("can_crit = 1", "spells[0].can_crit: expected a boolean, found an integer");
    }

    @Test
    void shouldTakeARangeAsOneNumberOrTwoAndNameTheElementThatIsNoNumber() throws SpecLoadException
    {
        final CombatSpec spec = SpecLoader.parse("t.toml", HEAD + "damage = 5\n" + TAIL);
        assertEquals(5.0, spec.spells().get(0).damageMin());
        assertEquals(5.0, spec.spells().get(0).damageMax());
        final CombatSpec range = SpecLoader.parse("t.toml", HEAD + "damage = [2, 3.5]\n" + TAIL);
        assertEquals(2.0, range.spells().get(0).damageMin());
        assertEquals(3.5, range.spells().get(0).damageMax());

        assertRefused("damage = [1, 2, 3]",
            "spells[0].damage: expected [min, max] with two numbers, found 3 element(s)");
        assertRefused("damage = [1]", "spells[0].damage: expected [min, max] with two numbers, found 1 element(s)");
        assertRefused("damage = [1, \"x\"]", "spells[0].damage[1]: expected a number, found a string");
        assertRefused("damage = [[1], 2]", "spells[0].damage[0]: expected a number, found an array");
    }

    @Test
    void shouldTakeMaxStacksFromOneToAMillion() throws SpecLoadException
    {
        final String aura = HEAD + "applies_aura = \"b\"\n[[auras]]\nname = \"b\"\nduration_ms = 5\nmax_stacks = ";
        assertEquals(1, SpecLoader.parse("t.toml", aura + "1\n" + TAIL).auras().get(0).maxStacks());
        assertEquals(1_000_000, SpecLoader.parse("t.toml", aura + "1000000\n" + TAIL).auras().get(0).maxStacks());
        assertEquals(1, SpecLoader.parse("t.toml", HEAD + "applies_aura = \"b\"\n[[auras]]\nname = \"b\"\n" +
            "duration_ms = 5\n" + TAIL).auras().get(0).maxStacks());
        for (final String stacks : new String[]{"0", "1000001", "-1", "4294967297"})
        {
            assertEquals("t.toml:10:1: auras[0].max_stacks: must be in [1, 1000000]: " + stacks,
                fails(aura + stacks + "\n" + TAIL).getMessage());
        }
    }

    @Test
    void shouldRequireAProcsTriggerAndReadChoicesInAnyCase() throws SpecLoadException
    {
        final SpecLoadException error = fails(HEAD + "damage = 1\n[[procs]]\nname = \"p\"\nchance = 1\ndamage = 1\n" +
            TAIL);
        assertEquals("t.toml:7:1: procs[0].trigger: missing required key", error.getMessage());
        // a key the file does not give is pointed at by its table's line: [[procs]]
        assertEquals("t.toml:7:1: procs[0].rppm: set exactly one of rppm (positive) or chance (in (0, 1])",
            fails(HEAD + "damage = 1\n[[procs]]\nname = \"p\"\ntrigger = \"hit\"\ndamage = 1\n" + TAIL).getMessage());

        final CombatSpec spec = SpecLoader.parse("t.toml", HEAD + "damage = 1\napplies_aura = \"b\"\n\n" +
            "[[auras]]\nname = \"b\"\n" +
            "duration_ms = 5\nrefresh = \"Reset\"\n\n[[procs]]\nname = \"p\"\ntrigger = \"CRIT\"\nchance = 1\n" +
            "damage = 1\n" + TAIL);
        assertEquals(RefreshRule.RESET, spec.auras().get(0).refresh());
        assertEquals(ProcTrigger.CRIT, spec.procs().get(0).trigger());
    }

    @Test
    void shouldReadAFileOfExactlyTheLargestSizeASpecMayHave(@TempDir final Path dir) throws Exception
    {
        final String text = HEAD + TAIL;
        final Path file = Files.writeString(dir.resolve("padded.toml"),
            text + "\n".repeat(SpecLoader.MAX_FILE_BYTES - text.length()));

        assertEquals(SpecLoader.MAX_FILE_BYTES, Files.size(file));
        assertEquals("a", SpecLoader.load(file.toString()).spells().get(0).name());
    }

    @Test
    void shouldRefuseANameAPriorityLineCannotReferToAtTheNameNotAtTheLine()
    {
        // loaded, and the priority line naming it failed instead: "expected 'if' at column 3 in \"sc\u00f6rch\""
        final String rule = "' is not a name a priority line can refer to: a name is ASCII letters, digits and " +
            "underscores only";
        assertEquals("t.toml:5:1: spells[0].name: 'sc\u00f6rch" + rule, fails("[character]\nname = \"t\"\n\n" +
            "[[spells]]\nname = \"sc\u00f6rch\"\n[rotation]\npriority = [\"sc\u00f6rch\"]\n").getMessage());
        assertEquals("t.toml:8:1: resources[0].name: 'sc orch" + rule, fails(HEAD + "\n[[resources]]\n" +
            "name = \"sc orch\"\nmax = 1\n[rotation]\npriority = [\"a if sc orch > 0\"]\n").getMessage());
        assertEquals("t.toml:8:1: auras[0].name: 'a.b" + rule, fails(HEAD + "\n[[auras]]\n" +
            "name = \"a.b\"\nduration_ms = 1\n" + TAIL).getMessage());
        assertEquals("t.toml:2:1: character.name: is required", fails(HEAD.replace("\"t\"", "\"\"") + TAIL)
            .getMessage());
    }

    @Test
    void shouldRefuseAResourceNamedLikeAConditionAtTheName()
    {
        // loaded, and "a if target_health_pct >= 5" compared the target's health; "a if aura_active >= 5" failed
        // at the priority line: "expected '(' at column 17"
        assertEquals("t.toml:8:1: resources[0].name: 'target_health_pct' is a condition's word: a priority line " +
            "reads 'target_health_pct' as that condition, not as this resource; give the resource another name",
            fails(HEAD + "\n[[resources]]\nname = \"target_health_pct\"\nmax = 100\n[rotation]\n" +
            "priority = [\"a if target_health_pct >= 5\"]\n").getMessage());
        assertEquals("t.toml:8:1: resources[0].name: 'aura_active' is a condition's word: a priority line " +
            "reads 'aura_active' as that condition, not as this resource; give the resource another name",
            fails(HEAD + "\n[[resources]]\nname = \"aura_active\"\nmax = 100\n[rotation]\n" +
            "priority = [\"a if aura_active >= 5\"]\n").getMessage());
    }

    @Test
    void shouldRefuseAConditionThatCanNeverHoldAtItsLine()
    {
        // loaded, and the line was never cast, silently
        assertEquals("t.toml:12:38: rotation.priority[1]: condition resource(mana) >= 500.0 can never hold: " +
            "resource 'mana' is from 0 to its max, 100.0", fails(HEAD + "\n[[resources]]\nname = \"mana\"\n" +
            "max = 100\n[rotation]\npriority = [\n    \"a if target_health_pct <= 100\", \"a if mana >= 500\",\n" +
            "]\n").getMessage());
    }

    @Test
    void shouldRefuseWeaponSettingsWithoutAWeapon()
    {
        // accepted, and no swing ever dealt the damage or gained the rage
        assertEquals("t.toml:3:1: character.weapon_damage: needs a weapon: set weapon_speed_ms (with none there are " +
            "no auto-attacks to deal it): 600.0", fails(HEAD.replace("\n\n", "\nweapon_damage = [400, 600]\n\n") +
            TAIL).getMessage());
        assertEquals("t.toml:3:1: character.auto_attack_resource: needs a weapon: set weapon_speed_ms (with none " +
            "there are no auto-attacks to generate it): 'rage'", fails(HEAD.replace("\n\n",
            "\nauto_attack_resource = \"rage\"\nauto_attack_gain = 12\n\n") + "[[resources]]\nname = \"rage\"\n" +
            "max = 100\n" + TAIL).getMessage());
    }

    /**
     * Assert that a spell of {@link #HEAD} given {@code line}, on line 6, is refused with {@code problem} at its start.
     */
    private static void assertRefused(final String line, final String problem)
    {
        assertEquals("t.toml:6:1: " + problem, fails(HEAD + line + "\n" + TAIL).getMessage(), line);
    }

    private static SpecLoadException fails(final String text)
    {
        return assertThrows(SpecLoadException.class, () -> SpecLoader.parse("t.toml", text));
    }
}
