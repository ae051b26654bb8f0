package io.concurrengine.model.combat.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a {@link CombatSpec} field by field, throwing a {@link SpecException} with the schema path of the first
 * problem. Not threadsafe; one use.
 */
final class SpecValidator
{
    private final CharacterSpec character;
    private final List<ResourceSpec> resources;
    private final List<SpellSpec> spells;
    private final List<AuraSpec> auras;
    private final List<ProcSpec> procs;
    private final List<RotationEntry> rotation;
    private final Set<String> resourceNames = new HashSet<>();
    private final Set<String> spellNames = new HashSet<>();
    private final Set<String> auraNames = new HashSet<>();
    private final Set<String> tickingAuras = new HashSet<>();

    SpecValidator(
        final CharacterSpec character,
        final List<ResourceSpec> resources,
        final List<SpellSpec> spells,
        final List<AuraSpec> auras,
        final List<ProcSpec> procs,
        final List<RotationEntry> rotation)
    {
        this.character = character;
        this.resources = resources;
        this.spells = spells;
        this.auras = auras;
        this.procs = procs;
        this.rotation = rotation;
    }

    void validate()
    {
        if (null == character)
        {
            throw new SpecException("character", "is required");
        }
        for (int i = 0; i < resources.size(); i++)
        {
            resource("resources[" + i + "].", resources.get(i));
        }
        for (int i = 0; i < auras.size(); i++)
        {
            aura("auras[" + i + "].", auras.get(i));
        }
        for (int i = 0; i < spells.size(); i++)
        {
            unique("spells[" + i + "].name", spells.get(i).name(), spellNames, "spell");
            referable("spells[" + i + "].name", spells.get(i).name());
        }
        character("character.");
        for (int i = 0; i < spells.size(); i++)
        {
            spell("spells[" + i + "].", spells.get(i));
        }
        final Set<String> procNames = new HashSet<>();
        for (int i = 0; i < procs.size(); i++)
        {
            final String path = "procs[" + i + "].";
            unique(path + "name", procs.get(i).name(), procNames, "proc");
            proc(path, procs.get(i));
        }
        for (int i = 0; i < auras.size(); i++)
        {
            applied("auras[" + i + "].name", auras.get(i).name());
        }
        if (rotation.isEmpty())
        {
            throw new SpecException("rotation.priority", "must list at least one spell");
        }
        for (int i = 0; i < rotation.size(); i++)
        {
            entry("rotation.priority[" + i + "]", rotation.get(i));
        }
    }

    private void character(final String path)
    {
        if (null == character.name() || character.name().isBlank())
        {
            throw new SpecException(path + "name", "is required");
        }
        range(path + "crit_pct", character.critPct(), 0, 100);
        if (!(character.hastePct() > -100) || !Double.isFinite(character.hastePct()))
        {
            throw new SpecException(path + "haste_pct", "must be greater than -100: " + character.hastePct());
        }
        if (!(character.critMultiplier() >= 1) || !Double.isFinite(character.critMultiplier()))
        {
            throw new SpecException(path + "crit_multiplier", "must be at least 1: " + character.critMultiplier());
        }
        nonNegative(path + "power", character.power());
        time(path + "weapon_speed_ms", character.weaponSpeedMs());
        damage(path + "weapon_damage", character.weaponDamageMin(), character.weaponDamageMax());
        if (0 == character.weaponSpeedMs() && character.weaponDamageMax() > 0)
        {
            throw new SpecException(path + "weapon_damage", "needs a weapon: set weapon_speed_ms (with none there " +
                "are no auto-attacks to deal it): " + character.weaponDamageMax());
        }
        if (null != character.autoAttackResource())
        {
            reference(path + "auto_attack_resource", character.autoAttackResource(), resourceNames, "resource");
        }
        nonNegative(path + "auto_attack_gain", character.autoAttackGain());
        if (null == character.autoAttackResource() && 0 != character.autoAttackGain())
        {
            throw new SpecException(path + "auto_attack_gain", "goes to no resource: set auto_attack_resource " +
                "(the swings would gain nothing): " + character.autoAttackGain());
        }
        if (null != character.autoAttackResource() && 0 == character.weaponSpeedMs())
        {
            throw new SpecException(path + "auto_attack_resource", "needs a weapon: set weapon_speed_ms (with none " +
                "there are no auto-attacks to generate it): '" + character.autoAttackResource() + "'");
        }
        if (null != character.autoAttackResource() && 0 == character.autoAttackGain())
        {
            throw new SpecException(path + "auto_attack_resource", "gains nothing: set auto_attack_gain (the swings " +
                "would generate none of it): '" + character.autoAttackResource() + "'");
        }
        time(path + "gcd_floor_ms", character.gcdFloorMs());
        time(path + "max_wait_ms", character.maxWaitMs());
    }

    private void resource(final String path, final ResourceSpec resource)
    {
        unique(path + "name", resource.name(), resourceNames, "resource");
        referable(path + "name", resource.name());
        if (RotationParser.isConditionWord(resource.name()))
        {
            // "x if target_health_pct >= 5" compared the target's health, "x if aura_active >= 5" failed to parse
            throw new SpecException(path + "name", RotationParser.conditionWord(resource.name()));
        }
        if (!(resource.max() > 0) || !Double.isFinite(resource.max()))
        {
            throw new SpecException(path + "max", "must be positive: " + resource.max());
        }
        range(path + "initial", resource.initial(), 0, resource.max());
        nonNegative(path + "regen_per_second", resource.regenPerSecond());
        if (resource.regenHasteScaled() && 0 == resource.regenPerSecond())
        {
            throw new SpecException(path + "regen_haste_scaled", "scales regeneration with haste, and this " +
                "resource has none: set regen_per_second (with none there is nothing to scale)");
        }
    }

    private void aura(final String path, final AuraSpec aura)
    {
        unique(path + "name", aura.name(), auraNames, "aura");
        referable(path + "name", aura.name());
        if (aura.durationMs() < 1)
        {
            throw new SpecException(path + "duration_ms", "must be positive: " + aura.durationMs());
        }
        time(path + "duration_ms", aura.durationMs());
        time(path + "tick_ms", aura.tickMs());
        damage(path + "tick_damage", aura.tickDamageMin(), aura.tickDamageMax());
        if (0 == aura.tickMs() && aura.tickDamageMax() > 0)
        {
            throw new SpecException(path + "tick_damage", "needs ticks: set tick_ms (with none the aura never " +
                "ticks to deal it): " + aura.tickDamageMax());
        }
        if (aura.tickMs() > 0)
        {
            tickingAuras.add(aura.name());
        }
        if (aura.maxStacks() < 1)
        {
            throw new SpecException(path + "max_stacks", "must be at least 1: " + aura.maxStacks());
        }
        percentModifier(path + "haste_pct", aura.hastePct());
        percentModifier(path + "damage_pct", aura.damagePct());
        stackedModifier(path + "haste_pct", aura.hastePct(), aura.maxStacks());
        stackedModifier(path + "damage_pct", aura.damagePct(), aura.maxStacks());
        range(path + "crit_pct", aura.critPct(), -100, 100);
        if (null == aura.refresh())
        {
            throw new SpecException(path + "refresh", "is required");
        }
    }

    private void spell(final String path, final SpellSpec spell)
    {
        time(path + "cast_time_ms", spell.castTimeMs());
        if (spell.offGcd() && spell.castTimeMs() > 0)
        {
            throw new SpecException(path + "cast_time_ms", "an off-GCD spell must be instant: " + spell.castTimeMs());
        }
        time(path + "gcd_ms", spell.gcdMs());
        time(path + "cooldown_ms", spell.cooldownMs());
        amounts(path + "cost", spell.costs());
        for (final ResourceAmount cost : spell.costs())
        {
            final ResourceSpec resource = resourceNamed(cost.resource());
            if (cost.amount() > resource.max())
            {
                throw new SpecException(path + "cost." + cost.resource(), "more than the resource's max (" +
                    resource.max() + "), so the spell could never be cast: " + cost.amount());
            }
        }
        amounts(path + "gain", spell.gains());
        damage(path + "damage", spell.damageMin(), spell.damageMax());
        nonNegative(path + "coefficient", spell.coefficient());
        if (null != spell.appliesAura())
        {
            reference(path + "applies_aura", spell.appliesAura(), auraNames, "aura");
        }
        if (null != spell.consumesAura())
        {
            reference(path + "consumes_aura", spell.consumesAura(), auraNames, "aura");
        }
    }

    private void proc(final String path, final ProcSpec proc)
    {
        if (null == proc.trigger())
        {
            throw new SpecException(path + "trigger", "is required");
        }
        if (ProcTrigger.AUTO_ATTACK == proc.trigger() && 0 == character.weaponSpeedMs())
        {
            throw new SpecException(path + "trigger", "an auto_attack proc needs a weapon: set weapon_speed_ms " +
                "(with none there are no auto-attacks to trigger it), so the proc would never fire");
        }
        if (ProcTrigger.TICK == proc.trigger() && null == proc.source() && tickingAuras.isEmpty())
        {
            throw new SpecException(path + "trigger", "a tick proc needs an aura that ticks: no aura has tick_ms, " +
                "so the proc would never fire");
        }
        if (null != proc.source())
        {
            switch (proc.trigger())
            {
                case TICK:
                    reference(path + "source", proc.source(), auraNames, "aura");
                    if (!tickingAuras.contains(proc.source()))
                    {
                        throw new SpecException(path + "source", "a tick proc's aura must tick: '" + proc.source() +
                            "' has no tick_ms, so the proc would never fire");
                    }
                    break;
                case AUTO_ATTACK:
                    throw new SpecException(path + "source", "must not be set for trigger auto_attack");
                default:
                    reference(path + "source", proc.source(), spellNames, "spell");
                    sourceSpell(path + "source", proc.trigger(), spells.get(spellIndex(proc.source())));
                    break;
            }
        }
        nonNegative(path + "rppm", proc.rppm());
        range(path + "chance", proc.chance(), 0, 1);
        if ((proc.rppm() > 0) == (proc.chance() > 0))
        {
            throw new SpecException(path + "rppm", "set exactly one of rppm (positive) or chance (in (0, 1])");
        }
        if (proc.hasteScaled() && 0 == proc.rppm())
        {
            throw new SpecException(path + "haste_scaled", "scales an rppm rate with haste, and this proc has a " +
                "flat chance, which haste does not change: set rppm for a rate haste scales");
        }
        time(path + "icd_ms", proc.icdMs());
        damage(path + "damage", proc.damageMin(), proc.damageMax());
        if (null != proc.appliesAura())
        {
            reference(path + "applies_aura", proc.appliesAura(), auraNames, "aura");
        }
        else if (proc.damageMax() <= 0)
        {
            throw new SpecException(path + "applies_aura", "a proc needs an effect: applies_aura or damage");
        }
    }

    /**
     * An aura only a spell's or a proc's applies_aura puts up: with neither, all its settings did nothing and
     * {@code aura_active} of it never held, and the spec loaded silently.
     */
    private void applied(final String key, final String name)
    {
        for (final SpellSpec spell : spells)
        {
            if (name.equals(spell.appliesAura()))
            {
                return;
            }
        }
        for (final ProcSpec proc : procs)
        {
            if (name.equals(proc.appliesAura()))
            {
                return;
            }
        }
        throw new SpecException(key, "nothing applies it: name '" + name + "' in a spell's or a proc's " +
            "applies_aura (with neither, the aura never comes up and its settings do nothing)");
    }

    /**
     * A hit or crit proc's source spell must deal direct damage, and a crit proc's must be able to crit: the model
     * triggers them only then, so the proc would never fire.
     */
    private void sourceSpell(final String key, final ProcTrigger trigger, final SpellSpec spell)
    {
        if (ProcTrigger.CAST == trigger)
        {
            return;
        }
        final String name = trigger.name().toLowerCase(Locale.ROOT);
        if (!(spell.damageMax() > 0) && !(spell.coefficient() * character.power() > 0))
        {
            throw new SpecException(key, "a " + name + " proc's spell must deal damage: '" + spell.name() +
                "' deals none (no damage, nor coefficient with power), so the proc would never fire");
        }
        if (ProcTrigger.CRIT == trigger && !spell.canCrit())
        {
            throw new SpecException(key, "a crit proc's spell must be able to crit: '" + spell.name() +
                "' has can_crit = false, so the proc would never fire");
        }
    }

    private ResourceSpec resourceNamed(final String name)
    {
        for (final ResourceSpec resource : resources)
        {
            if (resource.name().equals(name))
            {
                return resource;
            }
        }
        throw new IllegalStateException("no resource '" + name + "'");
    }

    private int spellIndex(final String name)
    {
        int index = 0;
        while (!spells.get(index).name().equals(name))
        {
            index++;
        }
        return index;
    }

    private void entry(final String path, final RotationEntry entry)
    {
        reference(path, entry.spell(), spellNames, "spell");
        for (final Condition condition : entry.conditions())
        {
            if (!Double.isFinite(condition.value()))
            {
                throw new SpecException(path, "condition " + condition + " needs a finite number");
            }
            switch (condition.operand())
            {
                case RESOURCE:
                    reference(path, condition.argument(), resourceNames, "resource");
                    break;
                case AURA_STACKS:
                case AURA_REMAINING:
                    reference(path, condition.argument(), auraNames, "aura");
                    break;
                case COOLDOWN_REMAINING:
                    reference(path, condition.argument(), spellNames, "spell");
                    break;
                default:
                    break;
            }
            canHold(path, condition);
        }
        final List<Condition> conditions = entry.conditions();
        for (int i = 0; i < conditions.size(); i++)
        {
            for (int j = i + 1; j < conditions.size(); j++)
            {
                if (disjoint(conditions.get(i), conditions.get(j)))
                {
                    throw new SpecException(path, "conditions " + conditions.get(i) + " and " + conditions.get(j) +
                        " can never hold together");
                }
            }
        }
    }

    /**
     * Whether two conditions on one quantity admit no value in common, e.g. {@code mana >= 50 and mana < 10} or
     * {@code aura_active(a) and aura_missing(a)}: the line could never be cast. Each condition is a half-line and
     * each operand's range an interval, so a line's conditions can hold together if each holds alone
     * ({@link #canHold}) and no two of them are disjoint. Stacks and remaining milliseconds are whole numbers, so
     * their bounds are taken as whole ({@link #whole}): {@code aura_stacks(a) > 1 and aura_stacks(a) < 2} can never
     * hold either.
     */
    private static boolean disjoint(final Condition a, final Condition b)
    {
        if (a.operand() != b.operand() || !Objects.equals(a.argument(), b.argument()) || above(a) == above(b))
        {
            return false;
        }
        final Condition low = whole(above(a) ? a : b);
        final Condition high = whole(above(a) ? b : a);
        return low.value() > high.value() || (low.value() == high.value() &&
            (Comparison.GT == low.comparison() || Comparison.LT == high.comparison()));
    }

    /**
     * A condition on stacks or on a remaining time (whole milliseconds, the model's clock) as the same one with a
     * whole bound and an inclusive comparison: {@code > 1} is {@code >= 2}, {@code < 2.5} is {@code <= 2}. A
     * resource or the target's health as it is.
     */
    private static Condition whole(final Condition condition)
    {
        if (Operand.RESOURCE == condition.operand() || Operand.TARGET_HEALTH_PCT == condition.operand())
        {
            return condition;
        }
        final double value = condition.value();
        switch (condition.comparison())
        {
            case LT:
                return new Condition(condition.operand(), condition.argument(), Comparison.LE, Math.ceil(value) - 1);
            case LE:
                return new Condition(condition.operand(), condition.argument(), Comparison.LE, Math.floor(value));
            case GT:
                return new Condition(condition.operand(), condition.argument(), Comparison.GE, Math.floor(value) + 1);
            default:
                return new Condition(condition.operand(), condition.argument(), Comparison.GE, Math.ceil(value));
        }
    }

    private static boolean above(final Condition condition)
    {
        return Comparison.GT == condition.comparison() || Comparison.GE == condition.comparison();
    }

    /**
     * A condition comparing its operand with a number outside the operand's whole range can never hold, so its line
     * is never cast: a setting that could do nothing. {@code mana >= 500} with a max of 100 loaded, silently. Each
     * operand is at least 0; at most a resource's max, an aura's max_stacks, an aura's duration (with pandemic's 30 %
     * carried over; extend has no bound), a spell's cooldown_ms, or 100 % of the target's health.
     */
    private void canHold(final String path, final Condition condition)
    {
        final String name = condition.argument();
        final double max;
        final String range;
        switch (condition.operand())
        {
            case RESOURCE:
                max = resourceNamed(name).max();
                range = "resource '" + name + "' is from 0 to its max, " + max;
                break;
            case AURA_STACKS:
                max = auraNamed(name).maxStacks();
                range = "aura '" + name + "' has from 0 to its max_stacks, " + (long)max + ", stacks";
                break;
            case AURA_REMAINING:
                final AuraSpec aura = auraNamed(name);
                final long duration = aura.durationMs();
                max = RefreshRule.EXTEND == aura.refresh() ? Double.POSITIVE_INFINITY : duration +
                    (RefreshRule.PANDEMIC == aura.refresh() ? duration * 3 / 10 : 0);
                range = "aura '" + name + "' has " + (Double.isInfinite(max) ? "0 or more" : "from 0 to " + (long)max) +
                    " ms left (duration_ms " + duration + ", refresh " +
                    aura.refresh().name().toLowerCase(Locale.ROOT) + ")";
                break;
            case COOLDOWN_REMAINING:
                max = spells.get(spellIndex(name)).cooldownMs();
                range = "spell '" + name + "' has from 0 to its cooldown_ms, " + (long)max + " ms, left";
                break;
            default:
                max = 100;
                range = "the target's health is from 0 to 100 %";
                break;
        }
        final double value = condition.value();
        final boolean can;
        switch (condition.comparison())
        {
            case LT:
                can = 0 < value;
                break;
            case LE:
                can = 0 <= value;
                break;
            case GT:
                can = max > value;
                break;
            default:
                can = max >= value;
                break;
        }
        if (!can)
        {
            throw new SpecException(path, "condition " + condition + " can never hold: " + range);
        }
    }

    private AuraSpec auraNamed(final String name)
    {
        for (final AuraSpec aura : auras)
        {
            if (aura.name().equals(name))
            {
                return aura;
            }
        }
        throw new IllegalStateException("no aura '" + name + "'");
    }

    private void amounts(final String path, final List<ResourceAmount> amounts)
    {
        for (final ResourceAmount amount : amounts)
        {
            final String key = path + "." + amount.resource();
            reference(key, amount.resource(), resourceNames, "resource");
            if (!(amount.amount() > 0) || !Double.isFinite(amount.amount()))
            {
                throw new SpecException(key, "must be positive: " + amount.amount());
            }
        }
    }

    private static void unique(final String key, final String name, final Set<String> names, final String kind)
    {
        if (null == name || name.isBlank())
        {
            throw new SpecException(key, "is required");
        }
        if (!names.add(name))
        {
            throw new SpecException(key, "duplicate " + kind + " name '" + name + "'");
        }
    }

    /**
     * A spell, aura or resource name must be one a priority line can refer to ({@link RotationParser#isName}): else
     * it loaded, and the first line naming it failed as a syntax error ("expected 'if'").
     */
    private static void referable(final String key, final String name)
    {
        if (!RotationParser.isName(name))
        {
            throw new SpecException(key, RotationParser.notAName(name));
        }
    }

    private static void reference(final String key, final String name, final Set<String> names, final String kind)
    {
        if (!names.contains(name))
        {
            throw new SpecException(key, "unknown " + kind + " '" + name + "'");
        }
    }

    private static void damage(final String key, final double min, final double max)
    {
        if (!(min >= 0) || !Double.isFinite(max) || max < min)
        {
            throw new SpecException(key, "must be 0 <= min <= max, found [" + min + ", " + max + "]");
        }
    }

    private static void percentModifier(final String key, final double pct)
    {
        finite(key, pct);
        if (!(pct > -100))
        {
            throw new SpecException(key, "must be greater than -100: " + pct);
        }
    }

    /**
     * A haste or damage modifier at full stacks: the model multiplies by {@code 1 + pct * stacks / 100}, which must
     * stay positive. Beyond it, -60 % a stack at two stacks made haste negative (casts completed at once, their times
     * in the past) and damage negative (negative DPS).
     */
    private static void stackedModifier(final String key, final double pct, final int maxStacks)
    {
        if (!(1.0 + pct * maxStacks / 100.0 > 0))
        {
            throw new SpecException(key, "times max_stacks (" + maxStacks + ") must be greater than -100: " + pct);
        }
    }

    private static void nonNegative(final String key, final double value)
    {
        finite(key, value);
        if (value < 0)
        {
            throw new SpecException(key, "must not be negative: " + value);
        }
    }

    private static void finite(final String key, final double value)
    {
        if (!Double.isFinite(value))
        {
            throw new SpecException(key, "must be a finite number: " + value);
        }
    }

    private static void nonNegative(final String key, final long value)
    {
        if (value < 0)
        {
            throw new SpecException(key, "must not be negative: " + value);
        }
    }

    /**
     * A time in milliseconds: not negative and at most {@link CombatSpec#MAX_TIME_MS}. Beyond it, adding it to the
     * clock could wrap past the end of the {@code long} range, e.g. a cooldown of {@code Long.MAX_VALUE} would make
     * its spell ready again at once instead of never.
     */
    private static void time(final String key, final long ms)
    {
        nonNegative(key, ms);
        if (ms > CombatSpec.MAX_TIME_MS)
        {
            throw new SpecException(key, "must be at most " + CombatSpec.MAX_TIME_MS + " ms (about 31 years): " + ms);
        }
    }

    private static void range(final String key, final double value, final double min, final double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new SpecException(key, "must be in [" + min + ", " + max + "]: " + value);
        }
    }
}
