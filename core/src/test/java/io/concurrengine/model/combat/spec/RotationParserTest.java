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
}
