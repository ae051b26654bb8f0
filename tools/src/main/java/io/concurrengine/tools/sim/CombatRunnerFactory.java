package io.concurrengine.tools.sim;

import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.CombatResult;
import io.concurrengine.model.combat.CombatSimulation;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.pipeline.montecarlo.IterationRecorder;
import io.concurrengine.pipeline.montecarlo.IterationRunner;
import io.concurrengine.pipeline.montecarlo.IterationRunnerFactory;

/**
 * Runs the combat model under the Monte Carlo runner: one {@link CombatSimulation} per worker thread, DPS as the
 * primary value, and per-iteration sums laid out as metrics:
 * <pre>
 * [0, sources)                          damage of each damage source
 * [sources, sources + spells)           casts of each spell
 * [sources + spells, ... + procs)       times each proc fired
 * </pre>
 * Each fight may dispatch {@link #eventBudget(long)} events before it fails as stuck.
 * Threadsafe: the spec is immutable and each runner is confined to its thread.
 */
public final class CombatRunnerFactory implements IterationRunnerFactory
{
    /** Length of the fight {@link RunLoop#DEFAULT_EVENT_BUDGET} is the budget of: sim's default encounter, 300 s. */
    static final long BUDGET_ENCOUNTER_MS = 300_000;

    private final CombatSpec spec;
    private final long encounterMs;
    private final String[] sourceNames;
    private final String[] sourceKinds;

    /**
     * @param spec        the character.
     * @param encounterMs length of every fight.
     */
    public CombatRunnerFactory(final CombatSpec spec, final long encounterMs)
    {
        this.spec = spec;
        this.encounterMs = encounterMs;
        try (CombatSimulation probe = new CombatSimulation(spec))
        {
            final CombatResult result = probe.result();
            sourceNames = new String[result.sourceCount()];
            sourceKinds = new String[result.sourceCount()];
            for (int s = 0; s < sourceNames.length; s++)
            {
                sourceNames[s] = result.sourceName(s);
                sourceKinds[s] = result.sourceKind(s);
            }
        }
    }

    /**
     * @return the spec.
     */
    public CombatSpec spec()
    {
        return spec;
    }

    /**
     * @return length of every fight in ms.
     */
    public long encounterMs()
    {
        return encounterMs;
    }

    /**
     * @return number of damage sources.
     */
    public int sourceCount()
    {
        return sourceNames.length;
    }

    /**
     * @param source damage source id.
     * @return its name.
     */
    public String sourceName(final int source)
    {
        return sourceNames[source];
    }

    /**
     * @param source damage source id.
     * @return {@code spell}, {@code tick}, {@code proc} or {@code auto_attack}.
     */
    public String sourceKind(final int source)
    {
        return sourceKinds[source];
    }

    /**
     * @return metrics each iteration adds to.
     */
    public int metricCount()
    {
        return sourceNames.length + spec.spells().size() + spec.procs().size();
    }

    /**
     * @param source damage source id.
     * @return its damage metric.
     */
    public int damageMetric(final int source)
    {
        return source;
    }

    /**
     * @param spell spell id.
     * @return its casts metric.
     */
    public int castsMetric(final int spell)
    {
        return sourceNames.length + spell;
    }

    /**
     * @param proc proc id.
     * @return its procs metric.
     */
    public int procsMetric(final int proc)
    {
        return sourceNames.length + spec.spells().size() + proc;
    }

    /**
     * The events one fight may dispatch before it fails as stuck: the seed's {@value RunLoop#DEFAULT_EVENT_BUDGET}
     * for a fight of up to 300 s, in proportion to the length of a longer one (about 1,667 a second), so that a long
     * fight is not taken for a rotation that never advances the clock.
     *
     * @param encounterMs length of the fight.
     * @return its event budget.
     */
    public static long eventBudget(final long encounterMs)
    {
        return Math.max(RunLoop.DEFAULT_EVENT_BUDGET,
            (long)(encounterMs * ((double)RunLoop.DEFAULT_EVENT_BUDGET / BUDGET_ENCOUNTER_MS)));
    }

    @Override
    public IterationRunner newRunner()
    {
        return new Runner(new CombatSimulation(spec, eventBudget(encounterMs)), encounterMs);
    }

    /**
     * A fight whose damage, or its DPS, is beyond the largest {@code double}: the spec's figures are finite but too
     * large together (damage, tick or weapon damage, power times coefficient, crit multiplier, damage_pct stacks).
     * The DPS of a finite total overflows only in a fight shorter than a second.
     */
    static final class DamageOverflow extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        DamageOverflow(final double totalDamage, final long encounterMs)
        {
            super((Double.isFinite(totalDamage) ? "dealt " + totalDamage + " damage in " + encounterMs + " ms, a " +
                "DPS more than a double holds" : "dealt more damage than a double holds (total " + totalDamage +
                ", DPS Infinity)") + ": the spec's damage figures (damage, tick_damage, weapon_damage, power and " +
                "coefficient, crit_multiplier, damage_pct) are too large", null, false, false);
        }
    }

    private static final class Runner implements IterationRunner
    {
        private final CombatSimulation simulation;
        private final long encounterMs;

        Runner(final CombatSimulation simulation, final long encounterMs)
        {
            this.simulation = simulation;
            this.encounterMs = encounterMs;
        }

        @Override
        public void runIteration(final SimRng rng, final long iterationIndex, final IterationRecorder recorder)
        {
            final CombatResult result = simulation.runIteration(rng, encounterMs);
            final int sources = result.sourceCount();
            final int spells = result.spellCount();
            for (int s = 0; s < sources; s++)
            {
                recorder.add(s, result.damage(s));
            }
            for (int s = 0; s < spells; s++)
            {
                recorder.add(sources + s, result.casts(s));
            }
            for (int p = 0, procs = result.procCount(); p < procs; p++)
            {
                recorder.add(sources + spells + p, result.procs(p));
            }
            final double dps = result.dps();
            if (!Double.isFinite(dps))
            {
                throw new DamageOverflow(result.totalDamage(), encounterMs);
            }
            recorder.record(dps, result.events());
        }

        @Override
        public void close()
        {
            simulation.close();
        }
    }
}
