package io.concurrengine.model.combat.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationParserTest
{
    @Test
    void shouldParseBareSpell()
    {
        assertEquals(RotationEntry.cast("fireball"), RotationParser.parse("fireball"));
    }

    @Test
    void shouldAcceptLeadingCastKeyword()
    {
        assertEquals(RotationEntry.cast("fireball"), RotationParser.parse("cast fireball"));
    }

    @Test
    void shouldReadASpellNamedCastWithConditionsAsThatSpell()
    {
        // the first word was always taken for the keyword: "expected 'if' at column 9"
        final Condition below25 = new Condition(Operand.TARGET_HEALTH_PCT, null, Comparison.LT, 25);
        assertEquals(new RotationEntry("cast", List.of(below25)),
            RotationParser.parse("cast if target_health_pct < 25"));
        assertEquals(new RotationEntry("cast", List.of(below25)),
            RotationParser.parse("cast cast if target_health_pct < 25"));
        assertEquals(RotationEntry.cast("cast"), RotationParser.parse("cast"));
        assertEquals(RotationEntry.cast("cast"), RotationParser.parse("cast cast"));
        assertEquals(RotationEntry.cast("if"), RotationParser.parse("cast if"));
        assertEquals(new RotationEntry("if", List.of(below25)),
            RotationParser.parse("cast if if target_health_pct < 25"));
        assertEquals(new RotationEntry("cast", List.of(new Condition(Operand.RESOURCE, "if", Comparison.GT, 3))),
            RotationParser.parse("cast if if > 3"));
        // neither reading parses: the error of the one that got further
        assertEquals("expected a number at column 29 in \"cast if target_health_pct < x\"",
            parseError("cast if target_health_pct < x"));
        assertEquals("expected 'if' at column 15 in \"cast fireball when\"", parseError("cast fireball when"));
    }

    @Test
    void shouldTakeAnExponentInANumber()
    {
        // "mana >= 1e3" failed as "expected 'and'", though the spec's other numbers (TOML) take exponents
        assertEquals(List.of(
            new Condition(Operand.RESOURCE, "mana", Comparison.GE, 1000),
            new Condition(Operand.RESOURCE, "rage", Comparison.LT, 0.25),
            new Condition(Operand.TARGET_HEALTH_PCT, null, Comparison.GT, 20),
            new Condition(Operand.AURA_REMAINING, "x", Comparison.LT, 1500)),
            RotationParser.parse("slam if mana >= 1e3 and rage < 2.5E-1 and target_health_pct > 2e+1 and " +
                "aura_remaining(x) < 1.5e0s").conditions());
        assertEquals("'1e' is not a number: a word after a number needs a space before it at column 17 in " +
            "\"slam if rage >= 1e\"", parseError("slam if rage >= 1e"));
        assertEquals("'1e' is not a number: a word after a number needs a space before it at column 17 in " +
            "\"slam if rage >= 1e+\"", parseError("slam if rage >= 1e+"));
    }

    @Test
    void shouldRefuseANumberRunIntoTheWordAfterIt()
    {
        // "mana >= 5and mana >= 6" parsed as the two conditions, and "x < 3sand" as 3 s and
        assertEquals("'5and' is not a number: a word after a number needs a space before it at column 14 in " +
            "\"x if mana >= 5and mana >= 6\"", parseError("x if mana >= 5and mana >= 6"));
        assertTrue(parseError("x if aura_remaining(a) < 3sand mana >= 6").startsWith("'3sand' is not a number"));
        assertTrue(parseError("x if aura_remaining(a) < 3msand mana >= 6").startsWith("'3msand' is not a number"));
        assertTrue(parseError("x if rage >= 40sand mana >= 6").startsWith("'40sand' is not a number"));
        assertTrue(parseError("x if rage >= 4_0").startsWith("'4_0' is not a number"));
        assertEquals(List.of(
            new Condition(Operand.RESOURCE, "mana", Comparison.GE, 5),
            new Condition(Operand.AURA_REMAINING, "a", Comparison.LT, 3000)),
            RotationParser.parse("x if mana>=5 and aura_remaining(a)<3s").conditions());
    }

    @Test
    void shouldTellWhichNamesAPriorityLineCanReferTo()
    {
        assertTrue(RotationParser.isName("az_AZ09"));
        for (final String name : new String[]{"", "sc orch", "sc\u00f6rch", "a-b", "a.b", " a"})
        {
            assertEquals(false, RotationParser.isName(name), name);
        }
    }

    @Test
    void shouldParseAuraPresenceConditions()
    {
        final RotationEntry entry = RotationParser.parse("pyroblast if aura_active(hot_streak) and aura_missing(x)");

        assertEquals(List.of(
            new Condition(Operand.AURA_STACKS, "hot_streak", Comparison.GT, 0),
            new Condition(Operand.AURA_STACKS, "x", Comparison.LE, 0)), entry.conditions());
    }

    @Test
    void shouldParseTimeSuffixes()
    {
        final RotationEntry entry =
            RotationParser.parse("bomb if aura_remaining(bomb) < 3s and cooldown_remaining(a) <= 500ms");

        assertEquals(List.of(
            new Condition(Operand.AURA_REMAINING, "bomb", Comparison.LT, 3000),
            new Condition(Operand.COOLDOWN_REMAINING, "a", Comparison.LE, 500)), entry.conditions());
    }

    @Test
    void shouldParseBareResourceComparison()
    {
        final RotationEntry entry = RotationParser.parse("slam if rage >= 40 and target_health_pct > 20.5");

        assertEquals(List.of(
            new Condition(Operand.RESOURCE, "rage", Comparison.GE, 40),
            new Condition(Operand.TARGET_HEALTH_PCT, null, Comparison.GT, 20.5)), entry.conditions());
    }

    @Test
    void shouldNameColumnOfSyntaxError()
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> RotationParser.parse("slam if rage => 40"));

        assertTrue(error.getMessage().contains("column 14"), error.getMessage());
    }

    @Test
    void shouldRejectUnknownConditionFunction()
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> RotationParser.parse("slam if buff_up(x)"));

        assertTrue(error.getMessage().startsWith("unknown condition 'buff_up'"), error.getMessage());
    }

    @Test
    void shouldRequireIfBeforeConditions()
    {
        assertThrows(IllegalArgumentException.class, () -> RotationParser.parse("slam when rage > 1"));
    }

    @Test
    void shouldParseCooldownReadyAndTheExplicitResourceForm()
    {
        final RotationEntry entry = RotationParser.parse("nova if cooldown_ready(nova) and resource(mana) < 25");

        assertEquals(List.of(
            new Condition(Operand.COOLDOWN_REMAINING, "nova", Comparison.LE, 0),
            new Condition(Operand.RESOURCE, "mana", Comparison.LT, 25)), entry.conditions());
    }

    @Test
    void shouldTakeLettersDigitsAndUnderscoresAsNameCharactersAndNothingElse()
    {
        assertEquals(new RotationEntry("az_AZ09", List.of(new Condition(Operand.RESOURCE, "Za9_0z", Comparison.GE, 1))),
            RotationParser.parse("az_AZ09 if Za9_0z >= 1"));
        for (final char c : new char[]{'`', '{', '@', '[', '/', ':', '-'})
        {
            final String line = "a" + c;
            final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> RotationParser.parse(line));

            assertEquals("expected 'if' at column 2 in \"" + line + "\"", error.getMessage());
        }
    }

    @Test
    void shouldNameWhatWasExpectedAndItsColumn()
    {
        assertEquals("expected spell name at column 1 in \"\"", parseError(""));
        assertEquals("expected condition at column 8 in \"slam if\"", parseError("slam if"));
        assertEquals("expected one of < <= > >= at column 13 in \"slam if rage\"", parseError("slam if rage"));
        assertEquals("expected a number at column 17 in \"slam if rage >= x\"", parseError("slam if rage >= x"));
        assertEquals("expected ')' at column 23 in \"slam if aura_active(x y)\"",
            parseError("slam if aura_active(x y)"));
        assertEquals("expected '(' at column 20 in \"slam if aura_active\"", parseError("slam if aura_active"));
        assertEquals("expected 'and' at column 20 in \"slam if rage >= 40 or rage < 2\"",
            parseError("slam if rage >= 40 or rage < 2"));
        assertEquals("unknown condition 'buff_up' at column 9 in \"slam if buff_up(x)\"",
            parseError("slam if buff_up(x)"));
    }

    @Test
    void shouldRejectATimeSuffixOnAQuantityThatIsNotATime()
    {
        // "rage >= 40s" used to compare rage with 40000, and "aura_stacks(x) < 2s" stacks with 2000, silently
        assertEquals("'40s' is not a time: only aura_remaining and cooldown_remaining take a time suffix at column 19 " +
            "in \"slam if rage >= 40s\"", parseError("slam if rage >= 40s"));
        assertEquals("'500ms' is not a time: only aura_remaining and cooldown_remaining take a time suffix at column " +
            "30 in \"slam if resource(rage) >= 500ms\"", parseError("slam if resource(rage) >= 500ms"));
        assertTrue(parseError("slam if aura_stacks(x) < 2s").startsWith("'2s' is not a time"));
        assertTrue(parseError("slam if target_health_pct < 20s").startsWith("'20s' is not a time"));
        assertEquals(new Condition(Operand.COOLDOWN_REMAINING, "x", Comparison.LT, 2000),
            RotationParser.parse("slam if cooldown_remaining(x) < 2s").conditions().get(0));
    }

    private static String parseError(final String line)
    {
        return assertThrows(IllegalArgumentException.class, () -> RotationParser.parse(line)).getMessage();
    }
}
