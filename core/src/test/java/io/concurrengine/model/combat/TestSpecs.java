package io.concurrengine.model.combat;

import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.ResourceSpec;
import io.concurrengine.model.combat.spec.RotationEntry;
import io.concurrengine.model.combat.spec.RotationParser;
import io.concurrengine.model.combat.spec.SpellSpec;

import java.util.ArrayList;
import java.util.List;

final class TestSpecs
{
    private TestSpecs()
    {
    }

    static CombatSpec spec(
        final CharacterSpec character,
        final List<ResourceSpec> resources,
        final List<SpellSpec> spells,
        final List<AuraSpec> auras,
        final List<ProcSpec> procs,
        final String... rotation)
    {
        return new CombatSpec(character, resources, spells, auras, procs, rotation(rotation));
    }

    static CharacterSpec plain()
    {
        return CharacterSpec.builder("test").build();
    }

    static List<RotationEntry> rotation(final String... lines)
    {
        final List<RotationEntry> entries = new ArrayList<>();
        for (final String line : lines)
        {
            entries.add(RotationParser.parse(line));
        }
        return entries;
    }

    static CombatSpec fireMage()
    {
        return new CombatSpec(
            CharacterSpec.builder("fire mage").critPct(25).hastePct(10).power(1000).build(),
            List.of(ResourceSpec.of("mana", 10_000, 10_000, 80)),
            List.of(
                SpellSpec.builder("fireball").castTimeMs(2250).cost("mana", 40).damage(900, 1100).coefficient(1.0)
                    .build(),
                SpellSpec.builder("pyroblast").damage(1800, 2200).coefficient(1.3).consumesAura("hot_streak").build(),
                SpellSpec.builder("living_bomb").cost("mana", 60).damage(100, 120).appliesAura("living_bomb")
                    .build(),
                SpellSpec.builder("scorch").castTimeMs(1500).cost("mana", 20).damage(450, 520).build(),
                SpellSpec.builder("combustion").offGcd(true).cooldownMs(120_000).appliesAura("combustion").build(),
                SpellSpec.builder("curse").cost("mana", 10).appliesAura("curse").build()),
            List.of(
                AuraSpec.builder("living_bomb", 12_000).ticks(3000, 300, 360).build(),
                AuraSpec.builder("hot_streak", 10_000).build(),
                AuraSpec.builder("combustion", 10_000).damagePct(50).critPct(20).build(),
                AuraSpec.builder("heating_up", 8_000).hastePct(15).maxStacks(3).build(),
                AuraSpec.builder("curse", 1_800_000).ticks(3000, 50, 50).build()),
            List.of(
                ProcSpec.builder("hot_streak", ProcTrigger.CRIT).chance(0.6).appliesAura("hot_streak").build(),
                ProcSpec.builder("heating_up", ProcTrigger.HIT).rppm(3, true).appliesAura("heating_up").build(),
                ProcSpec.builder("flame_orb", ProcTrigger.TICK).chance(0.1).icdMs(5000).damage(200, 300).build()),
            rotation(
                "combustion",
                "pyroblast if aura_active(hot_streak)",
                "curse if aura_missing(curse)",
                "living_bomb if aura_remaining(living_bomb) < 3s",
                "scorch if target_health_pct < 25",
                "fireball"));
    }

    static CombatSpec berserker()
    {
        return new CombatSpec(
            CharacterSpec.builder("berserker").critPct(20).hastePct(5).power(800)
                .weapon(2600, 400, 600).autoAttackGain("rage", 12).build(),
            List.of(ResourceSpec.of("rage", 100, 0, 0)),
            List.of(
                SpellSpec.builder("mortal_strike").cooldownMs(6000).cost("rage", 30).damage(700, 800)
                    .coefficient(0.8).build(),
                SpellSpec.builder("rend").cost("rage", 10).appliesAura("rend").build(),
                SpellSpec.builder("slam").cost("rage", 15).damage(300, 350).build(),
                SpellSpec.builder("recklessness").offGcd(true).cooldownMs(90_000).appliesAura("recklessness").build()),
            List.of(
                AuraSpec.builder("rend", 15_000).ticks(3000, 120, 140).build(),
                AuraSpec.builder("recklessness", 12_000).critPct(50).build(),
                AuraSpec.builder("enrage", 8_000).hastePct(25).damagePct(10).build()),
            List.of(ProcSpec.builder("enrage", ProcTrigger.CRIT).chance(1.0).appliesAura("enrage").build()),
            rotation(
                "recklessness",
                "rend if aura_remaining(rend) < 3s",
                "mortal_strike",
                "slam if rage >= 40"));
    }
}
