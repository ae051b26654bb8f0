package io.concurrengine.tools.spec;

import io.concurrengine.model.combat.spec.CombatSpec;
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
        assertEquals("expected an integer, got a string", error.problem());
    }

    @Test
    void shouldRejectFloatWhereIntegerIsRequired()
    {
        final SpecLoadException error = fails(HEAD + "cooldown_ms = 1.5\n" + TAIL);

        assertEquals("spells[0].cooldown_ms", error.key());
        assertEquals("expected an integer, got a float", error.problem());
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

    @Test
    void shouldRejectUnknownBuiltin()
    {
        final SpecLoadException error = assertThrows(SpecLoadException.class, () -> SpecLoader.load("builtin:bard"));

        assertTrue(error.problem().startsWith("no such built-in spec"), error.problem());
    }

    private static SpecLoadException fails(final String text)
    {
        return assertThrows(SpecLoadException.class, () -> SpecLoader.parse("t.toml", text));
    }
}
