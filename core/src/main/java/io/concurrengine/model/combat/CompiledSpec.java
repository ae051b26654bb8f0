package io.concurrengine.model.combat;

import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.ResourceAmount;
import io.concurrengine.model.combat.spec.ResourceSpec;
import io.concurrengine.model.combat.spec.SpellSpec;

import java.util.Arrays;
import java.util.List;

/**
 * A {@link CombatSpec} flattened into primitive arrays indexed by resource, spell, aura and proc id, so the event
 * handlers read numbers, never objects. Immutable after construction; shareable between threads.
 * <p>
 * Damage sources, for the per-source totals: spells {@code [0, S)}, aura ticks {@code [S, S + A)}, procs
 * {@code [S + A, S + A + P)}, then the auto-attack.
 */
final class CompiledSpec
{
    static final int NONE = -1;

    final CombatSpec spec;
    final int resourceCount;
    final int spellCount;
    final int auraCount;
    final int procCount;
    final int sourceCount;
    final int autoAttackSource;
    final String[] sourceNames;

    final double baseHaste;
    final double baseCrit;
    final double critMultiplier;
    final long weaponSpeedMs;
    final double weaponMin;
    final double weaponRange;
    final int autoResource;
    final double autoGain;
    final long gcdFloorMs;
    final long maxWaitMs;

    final double[] resourceMax;
    final double[] resourceInitial;
    final double[] regenPerMs;
    final boolean[] regenHasteScaled;

    final long[] castMs;
    final long[] gcdMs;
    final long[] cooldownMs;
    final boolean[] offGcd;
    final int[] offGcdSpells;
    final double[] damageMin;
    final double[] damageRange;
    final boolean[] dealsDamage;
    final boolean[] canCrit;
    final int[] appliesAura;
    final int[] consumesAura;
    final int[] costStart;
    final int[] costResource;
    final double[] costAmount;
    final int[] gainStart;
    final int[] gainResource;
    final double[] gainAmount;

    final long[] auraDurationMs;
    final long[] tickMs;
    final double[] tickMin;
    final double[] tickRange;
    final boolean[] tickCanCrit;
    final int[] maxStacks;
    final double[] hastePct;
    final double[] damagePct;
    final double[] critPct;
    final int[] refresh;
    final int[] modifierAuras;

    final double[] procRppm;
    final boolean[] procHasteScaled;
    final double[] procChance;
    final long[] procIcdMs;
    final int[] procAura;
    final double[] procDamageMin;
    final double[] procDamageRange;
    final boolean[] procDealsDamage;
    final int[][] castProcs;
    final int[][] hitProcs;
    final int[][] critProcs;
    final int[][] tickProcs;
    final int[] autoProcs;

    CompiledSpec(final CombatSpec spec)
    {
        this.spec = spec;
        final List<ResourceSpec> resources = spec.resources();
        final List<SpellSpec> spells = spec.spells();
        final List<AuraSpec> auras = spec.auras();
        final List<ProcSpec> procs = spec.procs();
        resourceCount = resources.size();
        spellCount = spells.size();
        auraCount = auras.size();
        procCount = procs.size();
        autoAttackSource = spellCount + auraCount + procCount;
        sourceCount = autoAttackSource + 1;
        sourceNames = new String[sourceCount];

        final CharacterSpec character = spec.character();
        baseHaste = 1.0 + character.hastePct() / 100.0;
        baseCrit = character.critPct() / 100.0;
        critMultiplier = character.critMultiplier();
        weaponSpeedMs = character.weaponSpeedMs();
        weaponMin = character.weaponDamageMin();
        weaponRange = character.weaponDamageMax() - character.weaponDamageMin();
        autoResource = null == character.autoAttackResource() ? NONE : spec.resourceId(character.autoAttackResource());
        autoGain = character.autoAttackGain();
        gcdFloorMs = character.gcdFloorMs();
        maxWaitMs = character.maxWaitMs();
        sourceNames[autoAttackSource] = "auto_attack";

        resourceMax = new double[resourceCount];
        resourceInitial = new double[resourceCount];
        regenPerMs = new double[resourceCount];
        regenHasteScaled = new boolean[resourceCount];
        for (int r = 0; r < resourceCount; r++)
        {
            final ResourceSpec resource = resources.get(r);
            resourceMax[r] = resource.max();
            resourceInitial[r] = resource.initial();
            regenPerMs[r] = resource.regenPerSecond() / 1000.0;
            regenHasteScaled[r] = resource.regenHasteScaled();
        }

        castMs = new long[spellCount];
        gcdMs = new long[spellCount];
        cooldownMs = new long[spellCount];
        offGcd = new boolean[spellCount];
        damageMin = new double[spellCount];
        damageRange = new double[spellCount];
        dealsDamage = new boolean[spellCount];
        canCrit = new boolean[spellCount];
        appliesAura = new int[spellCount];
        consumesAura = new int[spellCount];
        costStart = new int[spellCount + 1];
        gainStart = new int[spellCount + 1];
        int costs = 0;
        int gains = 0;
        for (final SpellSpec spell : spells)
        {
            costs += spell.costs().size();
            gains += spell.gains().size();
        }
        costResource = new int[costs];
        costAmount = new double[costs];
        gainResource = new int[gains];
        gainAmount = new double[gains];
        int offGcdCount = 0;
        for (int s = 0; s < spellCount; s++)
        {
            final SpellSpec spell = spells.get(s);
            sourceNames[s] = spell.name();
            castMs[s] = spell.castTimeMs();
            gcdMs[s] = spell.offGcd() ? 0 : spell.gcdMs();
            cooldownMs[s] = spell.cooldownMs();
            offGcd[s] = spell.offGcd();
            offGcdCount += spell.offGcd() ? 1 : 0;
            damageMin[s] = spell.damageMin() + spell.coefficient() * character.power();
            damageRange[s] = spell.damageMax() - spell.damageMin();
            dealsDamage[s] = damageMin[s] > 0 || damageRange[s] > 0;
            canCrit[s] = spell.canCrit();
            appliesAura[s] = null == spell.appliesAura() ? NONE : spec.auraId(spell.appliesAura());
            consumesAura[s] = null == spell.consumesAura() ? NONE : spec.auraId(spell.consumesAura());
            costStart[s + 1] = fill(spec, spell.costs(), costStart[s], costResource, costAmount);
            gainStart[s + 1] = fill(spec, spell.gains(), gainStart[s], gainResource, gainAmount);
        }
        offGcdSpells = new int[offGcdCount];
        for (int s = 0, i = 0; s < spellCount; s++)
        {
            if (offGcd[s])
            {
                offGcdSpells[i++] = s;
            }
        }

        auraDurationMs = new long[auraCount];
        tickMs = new long[auraCount];
        tickMin = new double[auraCount];
        tickRange = new double[auraCount];
        tickCanCrit = new boolean[auraCount];
        maxStacks = new int[auraCount];
        hastePct = new double[auraCount];
        damagePct = new double[auraCount];
        critPct = new double[auraCount];
        refresh = new int[auraCount];
        int modifiers = 0;
        for (int a = 0; a < auraCount; a++)
        {
            final AuraSpec aura = auras.get(a);
            sourceNames[spellCount + a] = aura.name();
            auraDurationMs[a] = aura.durationMs();
            tickMs[a] = aura.tickMs();
            tickMin[a] = aura.tickDamageMin();
            tickRange[a] = aura.tickDamageMax() - aura.tickDamageMin();
            tickCanCrit[a] = aura.tickCanCrit();
            maxStacks[a] = aura.maxStacks();
            hastePct[a] = aura.hastePct();
            damagePct[a] = aura.damagePct();
            critPct[a] = aura.critPct();
            refresh[a] = aura.refresh().ordinal();
            if (0 != aura.hastePct() || 0 != aura.damagePct() || 0 != aura.critPct())
            {
                modifiers++;
            }
        }
        modifierAuras = new int[modifiers];
        for (int a = 0, m = 0; a < auraCount; a++)
        {
            if (0 != hastePct[a] || 0 != damagePct[a] || 0 != critPct[a])
            {
                modifierAuras[m++] = a;
            }
        }

        procRppm = new double[procCount];
        procHasteScaled = new boolean[procCount];
        procChance = new double[procCount];
        procIcdMs = new long[procCount];
        procAura = new int[procCount];
        procDamageMin = new double[procCount];
        procDamageRange = new double[procCount];
        procDealsDamage = new boolean[procCount];
        for (int p = 0; p < procCount; p++)
        {
            final ProcSpec proc = procs.get(p);
            sourceNames[spellCount + auraCount + p] = proc.name();
            procRppm[p] = proc.rppm();
            procHasteScaled[p] = proc.hasteScaled();
            procChance[p] = proc.chance();
            procIcdMs[p] = proc.icdMs();
            procAura[p] = null == proc.appliesAura() ? NONE : spec.auraId(proc.appliesAura());
            procDamageMin[p] = proc.damageMin();
            procDamageRange[p] = proc.damageMax() - proc.damageMin();
            procDealsDamage[p] = proc.damageMax() > 0;
        }
        castProcs = triggerLists(spec, ProcTrigger.CAST, spellCount);
        hitProcs = triggerLists(spec, ProcTrigger.HIT, spellCount);
        critProcs = triggerLists(spec, ProcTrigger.CRIT, spellCount);
        tickProcs = triggerLists(spec, ProcTrigger.TICK, auraCount);
        autoProcs = triggerLists(spec, ProcTrigger.AUTO_ATTACK, 1)[0];
    }

    /**
     * Longest hasted duration, a quarter of the {@code long} range (73 million years): the clock of any fight plus it
     * cannot overflow. A haste multiplier so small that a duration would be longer (-99.99999999999999 %, 1.1e-16)
     * made it {@code Long.MAX_VALUE}, which wrapped to a time before the clock once added to it: the cast ended at
     * once.
     */
    static final long MAX_HASTED_MS = Long.MAX_VALUE / 4;

    /**
     * @param baseMs   a base duration.
     * @param haste    haste multiplier, positive.
     * @return the duration divided by haste, rounded to the nearest ms; at most {@link #MAX_HASTED_MS}, a time no
     * fight reaches.
     */
    static long hasted(final long baseMs, final double haste)
    {
        final double ms = baseMs / haste + 0.5;
        return ms < MAX_HASTED_MS ? (long)ms : MAX_HASTED_MS;
    }

    /**
     * @param baseMs a base interval of something that repeats (a periodic tick, a weapon swing), positive.
     * @param haste  haste multiplier, positive.
     * @return {@link #hasted(long, double)}, but at least 1 ms: an interval rounded to 0 would repeat at the same
     * millisecond until the event budget ran out.
     */
    static long hastedInterval(final long baseMs, final double haste)
    {
        return Math.max(1, hasted(baseMs, haste));
    }

    private static int fill(
        final CombatSpec spec,
        final List<ResourceAmount> amounts,
        final int start,
        final int[] resource,
        final double[] amount)
    {
        int i = start;
        for (final ResourceAmount a : amounts)
        {
            resource[i] = spec.resourceId(a.resource());
            amount[i] = a.amount();
            i++;
        }
        return i;
    }

    /**
     * For each spell (or aura) id, the procs with this trigger whose source is that id or any.
     */
    private static int[][] triggerLists(final CombatSpec spec, final ProcTrigger trigger, final int keys)
    {
        final List<ProcSpec> procs = spec.procs();
        final int[][] lists = new int[keys][];
        for (int key = 0; key < keys; key++)
        {
            int count = 0;
            final int[] scratch = new int[procs.size()];
            for (int p = 0; p < procs.size(); p++)
            {
                final ProcSpec proc = procs.get(p);
                if (proc.trigger() == trigger && (null == proc.source() || sourceId(spec, proc) == key))
                {
                    scratch[count++] = p;
                }
            }
            lists[key] = Arrays.copyOf(scratch, count);
        }
        return lists;
    }

    private static int sourceId(final CombatSpec spec, final ProcSpec proc)
    {
        return ProcTrigger.TICK == proc.trigger() ? spec.auraId(proc.source()) : spec.spellId(proc.source());
    }
}
