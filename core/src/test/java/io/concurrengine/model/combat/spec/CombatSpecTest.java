package io.concurrengine.model.combat.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").cooldownMs(CombatSpec.MAX_TIME_MS)
            .appliesAura("x").build()), List.of(AuraSpec.builder("x", CombatSpec.MAX_TIME_MS).build()), List.of(),
            ROTATION);
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
        new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").appliesAura("slow").build()),
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

    @Test
    void shouldNameEachInvalidCharacterKey()
    {
        assertRefused("character.crit_pct", "must be in [0.0, 100.0]: 101.0",
            () -> character(CharacterSpec.builder("c").critPct(101).build()));
        assertRefused("character.haste_pct", "must be greater than -100: -100.0",
            () -> character(CharacterSpec.builder("c").hastePct(-100).build()));
        assertRefused("character.crit_multiplier", "must be at least 1: 0.99",
            () -> character(CharacterSpec.builder("c").critMultiplier(0.99).build()));
        assertRefused("character.power", "must not be negative: -1.0",
            () -> character(CharacterSpec.builder("c").power(-1).build()));
        assertRefused("character.weapon_speed_ms", "must not be negative: -1",
            () -> character(CharacterSpec.builder("c").weapon(-1, 0, 0).build()));
        assertRefused("character.weapon_damage", "must be 0 <= min <= max, found [10.0, 5.0]",
            () -> character(CharacterSpec.builder("c").weapon(2000, 10, 5).build()));
        assertRefused("character.auto_attack_resource", "unknown resource 'rage'",
            () -> character(CharacterSpec.builder("c").autoAttackGain("rage", 10).build()));
        assertRefused("character.auto_attack_gain", "must not be negative: -1.0",
            () -> new CombatSpec(CharacterSpec.builder("c").autoAttackGain("rage", -1).build(),
                List.of(ResourceSpec.of("rage", 100, 0, 0)), List.of(SpellSpec.builder("a").build()), List.of(),
                List.of(), ROTATION));
        // was accepted, and the swings gained nothing, silently
        assertRefused("character.auto_attack_gain", "goes to no resource: set auto_attack_resource (the swings " +
            "would gain nothing): 12.0", () -> character(CharacterSpec.builder("c").weapon(2000, 1, 1)
            .autoAttackGain(null, 12).build()));
        assertRefused("character.auto_attack_resource", "gains nothing: set auto_attack_gain (the swings would " +
            "generate none of it): 'rage'", () -> new CombatSpec(CharacterSpec.builder("c").weapon(2000, 1, 1)
            .autoAttackGain("rage", 0).build(), List.of(ResourceSpec.of("rage", 100, 0, 0)),
            List.of(SpellSpec.builder("a").build()), List.of(), List.of(), ROTATION));
        assertRefused("character.gcd_floor_ms", "must be at most 1000000000000 ms (about 31 years): 1000000000001",
            () -> character(CharacterSpec.builder("c").gcdFloorMs(CombatSpec.MAX_TIME_MS + 1).build()));
        assertRefused("character.max_wait_ms", "must not be negative: -1",
            () -> character(CharacterSpec.builder("c").maxWaitMs(-1).build()));

        character(CharacterSpec.builder("c").critPct(100).hastePct(-99.5).critMultiplier(1).build());
    }

    @Test
    void shouldNameEachInvalidResourceAndAuraKey()
    {
        assertRefused("resources[0].max", "must be positive: 0.0", () -> new CombatSpec(CHARACTER,
            List.of(ResourceSpec.of("mana", 0, 0, 0)), List.of(SpellSpec.builder("a").build()), List.of(), List.of(),
            ROTATION));
        assertRefused("resources[0].regen_per_second", "must not be negative: -1.0", () -> new CombatSpec(CHARACTER,
            List.of(ResourceSpec.of("mana", 100, 0, -1)), List.of(SpellSpec.builder("a").build()), List.of(),
            List.of(), ROTATION));
        assertRefused("auras[0].duration_ms", "must be positive: 0", () -> aura(AuraSpec.builder("x", 0).build()));
        assertRefused("auras[0].tick_ms", "must not be negative: -1",
            () -> aura(AuraSpec.builder("x", 1000).ticks(-1, 0, 0).build()));
        assertRefused("auras[0].tick_damage", "must be 0 <= min <= max, found [5.0, 1.0]",
            () -> aura(AuraSpec.builder("x", 1000).ticks(100, 5, 1).build()));
        assertRefused("auras[0].haste_pct", "must be greater than -100: -100.0",
            () -> aura(AuraSpec.builder("x", 1000).hastePct(-100).build()));
        assertRefused("auras[0].haste_pct", "must be a finite number: NaN",
            () -> aura(AuraSpec.builder("x", 1000).hastePct(Double.NaN).build()));
        assertRefused("auras[0].damage_pct", "must be a finite number: Infinity",
            () -> aura(AuraSpec.builder("x", 1000).damagePct(Double.POSITIVE_INFINITY).build()));
        assertRefused("auras[0].damage_pct", "must be greater than -100: -100.0",
            () -> aura(AuraSpec.builder("x", 1000).damagePct(-100).build()));
        assertRefused("auras[0].crit_pct", "must be in [-100.0, 100.0]: 101.0",
            () -> aura(AuraSpec.builder("x", 1000).critPct(101).build()));

        aura(AuraSpec.builder("x", 1).hastePct(-99.5).damagePct(-99.5).critPct(-100).build());
    }

    @Test
    void shouldNameEachInvalidSpellKey()
    {
        final List<ResourceSpec> mana = List.of(ResourceSpec.of("mana", 100, 100, 0));
        assertRefused("spells[0].gcd_ms", "must not be negative: -1", () -> new CombatSpec(CHARACTER, mana,
            List.of(SpellSpec.builder("a").gcdMs(-1).build()), List.of(), List.of(), ROTATION));
        assertRefused("spells[0].cost.mana", "must be positive: 0.0", () -> new CombatSpec(CHARACTER, mana,
            List.of(SpellSpec.builder("a").cost("mana", 0).build()), List.of(), List.of(), ROTATION));
        assertRefused("spells[0].gain.rage", "unknown resource 'rage'", () -> new CombatSpec(CHARACTER, mana,
            List.of(SpellSpec.builder("a").gain("rage", 5).build()), List.of(), List.of(), ROTATION));
        assertRefused("spells[0].gain.mana", "must be positive: -5.0", () -> new CombatSpec(CHARACTER, mana,
            List.of(SpellSpec.builder("a").gain("mana", -5).build()), List.of(), List.of(), ROTATION));
        assertRefused("spells[0].damage", "must be 0 <= min <= max, found [5.0, 1.0]", () -> new CombatSpec(CHARACTER,
            mana, List.of(SpellSpec.builder("a").damage(5, 1).build()), List.of(), List.of(), ROTATION));
        assertRefused("spells[0].consumes_aura", "unknown aura 'ghost'", () -> new CombatSpec(CHARACTER, mana,
            List.of(SpellSpec.builder("a").consumesAura("ghost").build()), List.of(), List.of(), ROTATION));
    }

    @Test
    void shouldNameEachInvalidProcKey()
    {
        final ProcSpec.Builder valid = ProcSpec.builder("p", ProcTrigger.CAST).chance(0.5).damage(1, 1);
        assertRefused("procs[1].name", "duplicate proc name 'p'", () -> proc(valid.build(), valid.build()));
        assertRefused("procs[0].source", "unknown aura 'ghost'", () -> proc(ProcSpec.builder("p", ProcTrigger.TICK)
            .source("ghost").chance(0.5).damage(1, 1).build()));
        assertRefused("procs[0].source", "unknown spell 'ghost'", () -> proc(ProcSpec.builder("p", ProcTrigger.HIT)
            .source("ghost").chance(0.5).damage(1, 1).build()));
        assertRefused("procs[0].rppm", "must not be negative: -1.0", () -> proc(ProcSpec.builder("p",
            ProcTrigger.CAST).rppm(-1, false).chance(0.5).damage(1, 1).build()));
        assertRefused("procs[0].chance", "must be in [0.0, 1.0]: 1.5", () -> proc(ProcSpec.builder("p",
            ProcTrigger.CAST).chance(1.5).damage(1, 1).build()));
        assertRefused("procs[0].icd_ms", "must not be negative: -1", () -> proc(ProcSpec.builder("p",
            ProcTrigger.CAST).chance(0.5).icdMs(-1).damage(1, 1).build()));
        assertRefused("procs[0].damage", "must be 0 <= min <= max, found [5.0, 1.0]", () -> proc(ProcSpec.builder("p",
            ProcTrigger.CAST).chance(0.5).damage(5, 1).build()));
        assertRefused("procs[0].applies_aura", "unknown aura 'ghost'", () -> proc(ProcSpec.builder("p",
            ProcTrigger.CAST).chance(0.5).appliesAura("ghost").build()));
        assertRefused("procs[0].applies_aura", "a proc needs an effect: applies_aura or damage", () -> proc(ProcSpec
            .builder("p", ProcTrigger.CAST).chance(0.5).damage(0, 0).build()));
    }

    @Test
    void shouldRefuseASettingThatWouldDoNothing()
    {
        // each was accepted, and did nothing, silently
        assertRefused("character.name", "is required", () -> character(CharacterSpec.builder("").build()));
        assertRefused("character.name", "is required", () -> character(CharacterSpec.builder(" ").build()));
        assertRefused("character.name", "is required", () -> character(CharacterSpec.builder(null).build()));
        assertRefused("character.weapon_damage", "needs a weapon: set weapon_speed_ms (with none there are no " +
            "auto-attacks to deal it): 600.0", () -> character(CharacterSpec.builder("c").weapon(0, 400, 600).build()));
        final List<ResourceSpec> rage = List.of(ResourceSpec.of("rage", 100, 0, 0));
        final List<SpellSpec> a = List.of(SpellSpec.builder("a").build());
        assertRefused("character.auto_attack_resource", "needs a weapon: set weapon_speed_ms (with none there are " +
            "no auto-attacks to generate it): 'rage'", () -> new CombatSpec(CharacterSpec.builder("c")
            .autoAttackGain("rage", 12).build(), rage, a, List.of(), List.of(), ROTATION));
        new CombatSpec(CharacterSpec.builder("c").weapon(2000, 400, 600).autoAttackGain("rage", 12).build(), rage, a,
            List.of(), List.of(), ROTATION);

        final List<SpellSpec> spells = List.of(SpellSpec.builder("a").damage(10, 10).canCrit(false).build(),
            SpellSpec.builder("b").build(), SpellSpec.builder("c").coefficient(1).build());
        assertRefused("procs[0].source", "a crit proc's spell must be able to crit: 'a' has can_crit = false, so the " +
            "proc would never fire", () -> new CombatSpec(CHARACTER, List.of(), spells, List.of(), List.of(ProcSpec
            .builder("p", ProcTrigger.CRIT).source("a").chance(0.5).damage(1, 1).build()), ROTATION));
        for (final ProcTrigger trigger : new ProcTrigger[]{ProcTrigger.HIT, ProcTrigger.CRIT})
        {
            final String name = trigger.name().toLowerCase(Locale.ROOT);
            for (final String source : new String[]{"b", "c"}) // c's coefficient goes with a power of 0
            {
                assertRefused("procs[0].source", "a " + name + " proc's spell must deal damage: '" + source +
                    "' deals none (no damage, nor coefficient with power), so the proc would never fire",
                    () -> new CombatSpec(CHARACTER, List.of(), spells, List.of(), List.of(ProcSpec.builder("p",
                    trigger).source(source).chance(0.5).damage(1, 1).build()), ROTATION));
            }
        }
        new CombatSpec(CharacterSpec.builder("c").power(100).build(), List.of(), spells, List.of(), List.of(
            ProcSpec.builder("p", ProcTrigger.HIT).source("a").chance(0.5).damage(1, 1).build(),
            ProcSpec.builder("q", ProcTrigger.CRIT).source("c").chance(0.5).damage(1, 1).build(),
            ProcSpec.builder("r", ProcTrigger.CAST).source("b").chance(0.5).damage(1, 1).build()), ROTATION);
    }

    @Test
    void shouldRefuseATickOrAutoAttackSettingWithNothingToTickOrSwingAndAHasteScalingWithNothingToScale()
    {
        // each was accepted, and did nothing, silently: no tick dealt the damage, the proc never fired, haste
        // changed nothing
        final List<SpellSpec> a = List.of(SpellSpec.builder("a").build());
        final AuraSpec still = AuraSpec.builder("still", 5000).build();
        final AuraSpec ticking = AuraSpec.builder("ticking", 5000).ticks(1000, 0, 0).build();
        assertRefused("auras[0].tick_damage", "needs ticks: set tick_ms (with none the aura never ticks to deal it): " +
            "50.0", () -> new CombatSpec(CHARACTER, List.of(), a, List.of(AuraSpec.builder("dot", 5000)
            .ticks(0, 50, 50).build()), List.of(), ROTATION));
        final ProcSpec.Builder onTick = ProcSpec.builder("p", ProcTrigger.TICK).chance(0.5).damage(1, 1);
        assertRefused("procs[0].source", "a tick proc's aura must tick: 'still' has no tick_ms, so the proc would " +
            "never fire", () -> new CombatSpec(CHARACTER, List.of(), a, List.of(still, ticking), List.of(onTick
            .source("still").build()), ROTATION));
        assertRefused("procs[0].trigger", "a tick proc needs an aura that ticks: no aura has tick_ms, so the proc " +
            "would never fire", () -> new CombatSpec(CHARACTER, List.of(), a, List.of(still), List.of(onTick
            .source(null).build()), ROTATION));
        assertRefused("procs[0].trigger", "an auto_attack proc needs a weapon: set weapon_speed_ms (with none there " +
            "are no auto-attacks to trigger it), so the proc would never fire", () -> proc(ProcSpec.builder("p",
            ProcTrigger.AUTO_ATTACK).chance(0.5).damage(1, 1).build()));
        assertRefused("procs[0].haste_scaled", "scales an rppm rate with haste, and this proc has a flat chance, " +
            "which haste does not change: set rppm for a rate haste scales", () -> proc(ProcSpec.builder("p",
            ProcTrigger.CAST).rppm(0, true).chance(0.5).damage(1, 1).build()));
        assertRefused("resources[0].regen_haste_scaled", "scales regeneration with haste, and this resource has " +
            "none: set regen_per_second (with none there is nothing to scale)", () -> new CombatSpec(CHARACTER,
            List.of(new ResourceSpec("energy", 100, 0, 0, true)), a, List.of(), List.of(), ROTATION));

        new CombatSpec(CharacterSpec.builder("c").weapon(2000, 1, 1).build(), List.of(new ResourceSpec("energy",
            100, 0, 10, true)), List.of(SpellSpec.builder("a").appliesAura("still").build(),
            SpellSpec.builder("b").appliesAura("ticking").build()), List.of(still, ticking),
            List.of(onTick.source("ticking").build(),
            ProcSpec.builder("q", ProcTrigger.TICK).chance(0.5).damage(1, 1).build(),
            ProcSpec.builder("r", ProcTrigger.AUTO_ATTACK).rppm(2, true).damage(1, 1).build()), ROTATION);
    }

    @Test
    void shouldRefuseAnAuraThatNothingApplies()
    {
        // was accepted: its damage_pct did nothing and aura_active(orphan) never held, silently
        final AuraSpec orphan = AuraSpec.builder("orphan", 1000).damagePct(50).build();
        assertRefused("auras[1].name", "nothing applies it: name 'orphan' in a spell's or a proc's applies_aura " +
            "(with neither, the aura never comes up and its settings do nothing)", () -> new CombatSpec(CHARACTER,
            List.of(), List.of(SpellSpec.builder("a").appliesAura("used").build()), List.of(AuraSpec.builder("used",
            1000).build(), orphan), List.of(), List.of(RotationParser.parse("a if aura_active(orphan)"))));

        new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").build()), List.of(orphan),
            List.of(ProcSpec.builder("p", ProcTrigger.CAST).chance(0.5).appliesAura("orphan").build()), ROTATION);
        aura(orphan);
    }

    @Test
    void shouldRefuseACostAboveTheMaximumOfItsResource()
    {
        // was accepted, and the spell never cast: a resource never holds more than its max
        final List<ResourceSpec> mana = List.of(ResourceSpec.of("mana", 100, 100, 10));
        assertRefused("spells[0].cost.mana", "more than the resource's max (100.0), so the spell could never be " +
            "cast: 100.5", () -> new CombatSpec(CHARACTER, mana, List.of(SpellSpec.builder("a").cost("mana", 100.5)
            .build()), List.of(), List.of(), ROTATION));

        new CombatSpec(CHARACTER, mana, List.of(SpellSpec.builder("a").cost("mana", 100).build()), List.of(),
            List.of(), ROTATION);
    }

    @Test
    void shouldRefuseANameAPriorityLineCannotReferTo()
    {
        // each loaded, and the first priority line naming it failed as "expected 'if' at column N"
        final String rule = "' is not a name a priority line can refer to: a name is ASCII letters, digits and " +
            "underscores only";
        assertRefused("spells[1].name", "'sc orch" + rule, () -> new CombatSpec(CHARACTER, List.of(),
            List.of(SpellSpec.builder("a").build(), SpellSpec.builder("sc orch").build()), List.of(), List.of(),
            ROTATION));
        assertRefused("resources[0].name", "'sc\u00f6rch" + rule, () -> new CombatSpec(CHARACTER,
            List.of(ResourceSpec.of("sc\u00f6rch", 100, 0, 0)), List.of(SpellSpec.builder("a").build()), List.of(),
            List.of(), ROTATION));
        assertRefused("auras[0].name", "'a-b" + rule, () -> aura(AuraSpec.builder("a-b", 1000).build()));
        // a proc and the character are never named in a priority line
        new CombatSpec(CharacterSpec.builder("Fire Mage").build(), List.of(), List.of(SpellSpec.builder("a").build()),
            List.of(), List.of(ProcSpec.builder("hot streak", ProcTrigger.CAST).chance(0.5).damage(1, 1).build()),
            ROTATION);
    }

    @Test
    void shouldRefuseAResourceNamedLikeACondition()
    {
        // "a if target_health_pct >= 5" compared the target's health, not this resource, silently
        for (final String word : new String[]{"aura_active", "aura_missing", "aura_stacks", "aura_remaining",
            "cooldown_ready", "cooldown_remaining", "resource", "target_health_pct"})
        {
            assertRefused("resources[0].name", "'" + word + "' is a condition's word: a priority line reads '" + word +
                "' as that condition, not as this resource; give the resource another name",
                () -> new CombatSpec(CHARACTER, List.of(ResourceSpec.of(word, 100, 0, 0)),
                List.of(SpellSpec.builder("a").build()), List.of(), List.of(), ROTATION));
        }
        // the rotation's other words read as a resource's name where a condition starts, and spells and auras are
        // only ever named where no condition's word is read
        final List<ResourceSpec> words = List.of(ResourceSpec.of("if", 100, 0, 0), ResourceSpec.of("and", 100, 0, 0),
            ResourceSpec.of("cast", 100, 0, 0), ResourceSpec.of("5", 100, 0, 0));
        assertEquals(List.of(new Condition(Operand.RESOURCE, "if", Comparison.GE, 1),
            new Condition(Operand.RESOURCE, "and", Comparison.GE, 2),
            new Condition(Operand.RESOURCE, "cast", Comparison.GE, 3),
            new Condition(Operand.RESOURCE, "5", Comparison.GE, 4),
            new Condition(Operand.AURA_STACKS, "target_health_pct", Comparison.GT, 0)),
            new CombatSpec(CHARACTER, words, List.of(SpellSpec.builder("aura_active")
            .appliesAura("target_health_pct").build()),
            List.of(AuraSpec.builder("target_health_pct", 1000).build()), List.of(), List.of(RotationParser.parse(
            "aura_active if if >= 1 and and >= 2 and cast >= 3 and 5 >= 4 and aura_active(target_health_pct)")))
            .rotation().get(0).conditions());
    }

    @Test
    void shouldRefuseAConditionThatCanNeverHold()
    {
        // each loaded, and its line was never cast, silently
        assertNeverHolds("a if mana >= 500", "condition resource(mana) >= 500.0 can never hold: resource 'mana' is " +
            "from 0 to its max, 100.0");
        assertNeverHolds("a if mana > 100", "condition resource(mana) > 100.0 can never hold: resource 'mana' is " +
            "from 0 to its max, 100.0");
        assertNeverHolds("a if resource(mana) < 0", "condition resource(mana) < 0.0 can never hold: resource 'mana' " +
            "is from 0 to its max, 100.0");
        assertNeverHolds("a if target_health_pct > 100", "condition target_health_pct > 100.0 can never hold: the " +
            "target's health is from 0 to 100 %");
        assertNeverHolds("a if target_health_pct < 0", "condition target_health_pct < 0.0 can never hold: the " +
            "target's health is from 0 to 100 %");
        assertNeverHolds("a if aura_stacks(p) > 3", "condition aura_stacks(p) > 3.0 can never hold: aura 'p' has " +
            "from 0 to its max_stacks, 3, stacks");
        assertNeverHolds("a if aura_remaining(p) > 13s", "condition aura_remaining(p) > 13000.0 can never hold: " +
            "aura 'p' has from 0 to 13000 ms left (duration_ms 10000, refresh pandemic)");
        assertNeverHolds("a if aura_remaining(r) >= 10001", "condition aura_remaining(r) >= 10001.0 can never hold: " +
            "aura 'r' has from 0 to 10000 ms left (duration_ms 10000, refresh reset)");
        assertNeverHolds("a if aura_remaining(e) < 0", "condition aura_remaining(e) < 0.0 can never hold: aura 'e' " +
            "has 0 or more ms left (duration_ms 10000, refresh extend)");
        assertNeverHolds("a if cooldown_remaining(b) > 6s", "condition cooldown_remaining(b) > 6000.0 can never " +
            "hold: spell 'b' has from 0 to its cooldown_ms, 6000 ms, left");
        assertNeverHolds("a if cooldown_remaining(a) > 0", "condition cooldown_remaining(a) > 0.0 can never hold: " +
            "spell 'a' has from 0 to its cooldown_ms, 0 ms, left");
        assertNeverHolds("a if mana >= 1 and mana >= 101", "condition resource(mana) >= 101.0 can never hold: " +
            "resource 'mana' is from 0 to its max, 100.0");

        // at the ends of their ranges, and always true, they can hold
        for (final String condition : new String[]{"mana >= 100", "mana <= 0", "mana < 1e9",
            "target_health_pct >= 100", "target_health_pct <= 0", "aura_stacks(p) >= 3", "aura_missing(p)",
            "aura_active(p)", "aura_remaining(p) >= 13s", "aura_remaining(r) >= 10s", "aura_remaining(e) > 1e12",
            "cooldown_remaining(b) >= 6s", "cooldown_ready(a)", "cooldown_remaining(a) <= 0"})
        {
            assertEquals(1, conditionSpec("a if " + condition).rotation().get(0).conditions().size(), condition);
        }
    }

    @Test
    void shouldRefuseConditionsThatCanNeverHoldTogether()
    {
        // each loaded, and its line was never cast, silently
        assertNeverHolds("a if mana >= 50 and mana < 10", "conditions resource(mana) >= 50.0 and " +
            "resource(mana) < 10.0 can never hold together");
        assertNeverHolds("a if aura_missing(p) and target_health_pct < 50 and aura_active(p)", "conditions " +
            "aura_stacks(p) <= 0.0 and aura_stacks(p) > 0.0 can never hold together");
        assertNeverHolds("a if cooldown_ready(b) and cooldown_remaining(b) > 1s", "conditions " +
            "cooldown_remaining(b) <= 0.0 and cooldown_remaining(b) > 1000.0 can never hold together");
        assertNeverHolds("a if mana <= 20 and mana > 20", "conditions resource(mana) <= 20.0 and " +
            "resource(mana) > 20.0 can never hold together");
        assertNeverHolds("a if aura_remaining(p) < 2s and aura_remaining(p) >= 2000ms", "conditions " +
            "aura_remaining(p) < 2000.0 and aura_remaining(p) >= 2000.0 can never hold together");
        // stacks and remaining ms are whole numbers: none lies above 1 and below 2, or from 1.5 to 1.9
        assertNeverHolds("a if aura_stacks(p) > 1 and aura_stacks(p) < 2", "conditions aura_stacks(p) > 1.0 and " +
            "aura_stacks(p) < 2.0 can never hold together");
        assertNeverHolds("a if aura_stacks(p) <= 1.9 and aura_stacks(p) >= 1.5", "conditions aura_stacks(p) <= 1.9 " +
            "and aura_stacks(p) >= 1.5 can never hold together");
        assertNeverHolds("a if cooldown_remaining(b) > 1000ms and cooldown_remaining(b) < 1001ms", "conditions " +
            "cooldown_remaining(b) > 1000.0 and cooldown_remaining(b) < 1001.0 can never hold together");
        assertNeverHolds("a if aura_remaining(p) >= 0.2ms and aura_remaining(p) <= 0.8ms", "conditions " +
            "aura_remaining(p) >= 0.2 and aura_remaining(p) <= 0.8 can never hold together");

        // ones that meet at a point, that bound one side twice, or that are on different quantities can hold
        assertEquals(2, conditionSpec("a if aura_stacks(p) > 1 and aura_stacks(p) < 3").rotation().get(0)
            .conditions().size());
        assertEquals(2, conditionSpec("a if aura_stacks(p) > 0.5 and aura_stacks(p) <= 1.5").rotation().get(0)
            .conditions().size());
        assertEquals(2, conditionSpec("a if mana > 1 and mana < 2").rotation().get(0).conditions().size());
        assertEquals(2, conditionSpec("a if mana <= 20 and mana >= 20").rotation().get(0).conditions().size());
        assertEquals(2, conditionSpec("a if mana >= 20 and mana > 30").rotation().get(0).conditions().size());
        assertEquals(2, conditionSpec("a if aura_active(p) and aura_missing(r)").rotation().get(0).conditions()
            .size());
        assertEquals(2, conditionSpec("a if cooldown_ready(a) and cooldown_remaining(b) > 1s").rotation().get(0)
            .conditions().size());
    }

    private static void assertNeverHolds(final String line, final String problem)
    {
        assertRefused("rotation.priority[0]", problem, () -> conditionSpec(line));
    }

    private static CombatSpec conditionSpec(final String line)
    {
        return new CombatSpec(CHARACTER, List.of(ResourceSpec.of("mana", 100, 0, 0)), List.of(
            SpellSpec.builder("a").appliesAura("p").build(), SpellSpec.builder("b").cooldownMs(6000).appliesAura("r")
            .build()), List.of(
            AuraSpec.builder("p", 10000).maxStacks(3).build(),
            AuraSpec.builder("r", 10000).refresh(RefreshRule.RESET).build(),
            AuraSpec.builder("e", 10000).refresh(RefreshRule.EXTEND).build()),
            List.of(ProcSpec.builder("q", ProcTrigger.CAST).chance(0.5).appliesAura("e").build()),
            List.of(RotationParser.parse(line)));
    }

    @Test
    void shouldNameTheEntryOfAConditionWithAnUnknownNameOrANumberThatIsNotFinite()
    {
        final List<SpellSpec> spells = List.of(SpellSpec.builder("a").build());
        assertRefused("rotation.priority[0]", "unknown resource 'rage'", () -> new CombatSpec(CHARACTER, List.of(),
            spells, List.of(), List.of(), List.of(RotationParser.parse("a if rage > 5"))));
        assertRefused("rotation.priority[0]", "unknown spell 'ghost'", () -> new CombatSpec(CHARACTER, List.of(),
            spells, List.of(), List.of(), List.of(RotationParser.parse("a if cooldown_ready(ghost)"))));
        assertRefused("rotation.priority[0]", "condition target_health_pct < NaN needs a finite number",
            () -> new CombatSpec(CHARACTER, List.of(), spells, List.of(), List.of(), List.of(RotationEntry.cast("a",
                new Condition(Operand.TARGET_HEALTH_PCT, null, Comparison.LT, Double.NaN)))));
        assertRefused("rotation.priority[0]", "condition aura_remaining(x) >= Infinity needs a finite number",
            () -> new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").appliesAura("x").build()),
                List.of(AuraSpec.builder("x", 1000).build()),
                List.of(), List.of(RotationEntry.cast("a",
                new Condition(Operand.AURA_REMAINING, "x", Comparison.GE, Double.POSITIVE_INFINITY)))));
    }

    @Test
    void shouldGiveIdsInListOrderAndMinusOneForAnUnknownName()
    {
        final CombatSpec spec = new CombatSpec(CHARACTER,
            List.of(ResourceSpec.of("mana", 100, 0, 0), ResourceSpec.of("rage", 100, 0, 0)),
            List.of(SpellSpec.builder("a").appliesAura("x").build(), SpellSpec.builder("b").appliesAura("y").build()),
            List.of(AuraSpec.builder("x", 1000).build(), AuraSpec.builder("y", 1000).build()),
            List.of(ProcSpec.builder("p", ProcTrigger.CAST).chance(0.5).damage(1, 1).build(),
                ProcSpec.builder("q", ProcTrigger.CAST).chance(0.5).damage(1, 1).build()),
            ROTATION);

        assertEquals(List.of(0, 1, -1), List.of(spec.resourceId("mana"), spec.resourceId("rage"),
            spec.resourceId("a")));
        assertEquals(List.of(0, 1, -1), List.of(spec.spellId("a"), spec.spellId("b"), spec.spellId("x")));
        assertEquals(List.of(0, 1, -1), List.of(spec.auraId("x"), spec.auraId("y"), spec.auraId("p")));
        assertEquals(List.of(0, 1, -1), List.of(spec.procId("p"), spec.procId("q"), spec.procId("mana")));
    }

    @Test
    void shouldCompareAsEachSymbolReads()
    {
        final List<String> outcomes = new ArrayList<>();
        for (final Comparison comparison : Comparison.values())
        {
            outcomes.add(comparison.symbol() + " " + comparison.test(1, 2) + " " + comparison.test(2, 2) + " " +
                comparison.test(3, 2));
        }

        assertEquals(List.of("< true false false", "<= true true false", "> false false true",
            ">= false true true"), outcomes);
    }

    @Test
    void shouldCallAnAuraPeriodicOnlyIfItTicks()
    {
        assertEquals(List.of(true, false), List.of(AuraSpec.builder("dot", 1000).ticks(1, 0, 0).build().periodic(),
            AuraSpec.builder("buff", 1000).build().periodic()));
    }

    private static void assertRefused(final String key, final String problem, final Executable build)
    {
        final SpecException error = assertThrows(SpecException.class, build);

        assertEquals(key, error.key(), error.getMessage());
        assertEquals(problem, error.problem());
    }

    private static CombatSpec character(final CharacterSpec character)
    {
        return new CombatSpec(character, List.of(), List.of(SpellSpec.builder("a").build()), List.of(), List.of(),
            ROTATION);
    }

    private static CombatSpec aura(final AuraSpec aura)
    {
        return new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").appliesAura(aura.name()).build()),
            List.of(aura),
            List.of(), ROTATION);
    }

    private static CombatSpec proc(final ProcSpec... procs)
    {
        return new CombatSpec(CHARACTER, List.of(), List.of(SpellSpec.builder("a").build()), List.of(), List.of(procs),
            ROTATION);
    }
}
