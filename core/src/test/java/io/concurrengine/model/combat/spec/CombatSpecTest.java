package io.concurrengine.model.combat.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CombatSpecTest
{
    private static final CharacterSpec CHARACTER = CharacterSpec.builder("c").build();
    private static final List<RotationEntry> ROTATION = List.of(RotationEntry.cast("a"));

    @Test
    void shouldRejectSpellReferencingUnknownAura()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build(), SpellSpec.builder("b").appliesAura("ghost").build()),
            List.of(), List.of(), ROTATION));

        assertEquals("spells[1].applies_aura", error.key());
        assertEquals("unknown aura 'ghost'", error.problem());
    }

    @Test
    void shouldRejectNegativeCastTime()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").castTimeMs(-5).build()), List.of(), List.of(), ROTATION));

        assertEquals("spells[0].cast_time_ms", error.key());
    }

    @Test
    void shouldNameANonFiniteValueAsSuch()
    {
        final SpecException nan = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").coefficient(Double.NaN).build()), List.of(), List.of(), ROTATION));
        final SpecException infinite = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").coefficient(Double.POSITIVE_INFINITY).build()), List.of(), List.of(),
            ROTATION));
        final SpecException negative = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").coefficient(-0.5).build()), List.of(), List.of(), ROTATION));

        assertEquals("spells[0].coefficient", nan.key());
        assertEquals("must be a finite number: NaN", nan.problem());
        assertEquals("must be a finite number: Infinity", infinite.problem());
        assertEquals("must not be negative: -0.5", negative.problem());
    }

    @Test
    void shouldRejectDuplicateNames()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build(), SpellSpec.builder("a").build()), List.of(), List.of(), ROTATION));

        assertEquals("spells[1].name", error.key());
    }

    @Test
    void shouldRejectCostInUnknownResource()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").cost("mana", 5).build()), List.of(), List.of(), ROTATION));

        assertEquals("spells[0].cost.mana", error.key());
    }

    @Test
    void shouldRejectRotationNamingUnknownSpell()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build()), List.of(), List.of(),
            List.of(RotationEntry.cast("a"), RotationEntry.cast("b"))));

        assertEquals("rotation.priority[1]", error.key());
        assertEquals("unknown spell 'b'", error.problem());
    }

    @Test
    void shouldRejectConditionNamingUnknownAura()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build()), List.of(), List.of(),
            List.of(RotationParser.parse("a if aura_missing(ghost)"))));

        assertEquals("rotation.priority[0]", error.key());
    }

    @Test
    void shouldRejectProcWithBothRates()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build()), List.of(),
            List.of(ProcSpec.builder("p", ProcTrigger.CAST).rppm(1, false).chance(0.5).damage(1, 1).build()),
            ROTATION));

        assertEquals("procs[0].rppm", error.key());
    }

    @Test
    void shouldRejectOffGcdSpellWithCastTime()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").offGcd(true).castTimeMs(100).build()), List.of(), List.of(), ROTATION));

        assertEquals("spells[0].cast_time_ms", error.key());
    }

    @Test
    void shouldRejectEmptyRotation()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build()), List.of(), List.of(), List.of()));

        assertEquals("rotation.priority", error.key());
    }

    @Test
    void shouldRejectTimesBeyondTheLongestTheModelCanAddToItsClock()
    {
        // a cooldown of Long.MAX_VALUE ("never again") wrapped past the end of the long range when added to the clock
        // after t=0, so the spell was ready again at once; a duration so long expired its aura at once
        final SpecException cooldown = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").cooldownMs(Long.MAX_VALUE).build()), List.of(), List.of(), ROTATION));
        final SpecException duration = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build()), List.of(AuraSpec.builder("x", CombatSpec.MAX_TIME_MS + 1).build()),
            List.of(), ROTATION));

        assertEquals("spells[0].cooldown_ms", cooldown.key());
        assertEquals("must be at most 1000000000000 ms (about 31 years): 9223372036854775807", cooldown.problem());
        assertEquals("auras[0].duration_ms", duration.key());
        new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").cooldownMs(CombatSpec.MAX_TIME_MS).build()),
            List.of(AuraSpec.builder("x", CombatSpec.MAX_TIME_MS).build()), List.of(), ROTATION);
    }

    @Test
    void shouldRejectANegativeModifierThatFullStacksTakeToOrBelowMinusOneHundredPercent()
    {
        // -60 % haste a stack at two stacks was a haste of -0.2: casts completed at once and damage went negative
        final SpecException haste = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build()), List.of(AuraSpec.builder("slow", 1000).maxStacks(2)
            .hastePct(-60).build()), List.of(), ROTATION));
        final SpecException damage = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build()), List.of(AuraSpec.builder("weak", 1000).maxStacks(4)
            .damagePct(-25).build()), List.of(), ROTATION));

        assertEquals("auras[0].haste_pct", haste.key());
        assertEquals("times max_stacks (2) must be greater than -100: -60.0", haste.problem());
        assertEquals("auras[0].damage_pct", damage.key());
        new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").build()),
            List.of(AuraSpec.builder("slow", 1000).maxStacks(2).hastePct(-45).damagePct(-45).build()), List.of(),
            ROTATION);
    }

    @Test
    void shouldRejectInitialAboveMaximum()
    {
        final SpecException error = assertThrows(SpecException.class, () -> new CombatSpec(CHARACTER,
            List.of(ResourceSpec.of("mana", 100, 150, 0)), List.of(SpellSpec.builder("a").build()), List.of(),
            List.of(), ROTATION));

        assertEquals("resources[0].initial", error.key());
    }
}
