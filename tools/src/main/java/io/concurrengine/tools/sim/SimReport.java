package io.concurrengine.tools.sim;

import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.pipeline.montecarlo.MonteCarloResult;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.json.JsonWriter;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders a Monte Carlo combat run: a table for people or one JSON object for programs.
 * <p>
 * JSON fields: {@code spec}, {@code character}, {@code iterations}, {@code seed}, {@code chunk_size},
 * {@code encounter_ms}, {@code dps} {mean, stddev, min, max, p5, p25, p50, p75, p95, p99}, {@code events}
 * {total, per_iteration}, {@code spells} [{name, casts_per_iteration, damage_per_iteration, damage_share}],
 * {@code damage_sources} [{name, kind, damage_per_iteration, damage_share}],
 * {@code procs} [{name, procs_per_iteration}],
 * then the only fields that depend on the machine: {@code threads} and {@code timing} {wall_ms, events_per_second,
 * iterations_per_second}.
 */
final class SimReport
{
    static final double[] PERCENTILES = {5, 25, 50, 75, 95, 99};

    private final String specSource;
    private final CombatRunnerFactory factory;
    private final MonteCarloResult result;
    private final double totalDamage;

    SimReport(final String specSource, final CombatRunnerFactory factory, final MonteCarloResult result)
    {
        this.specSource = specSource;
        this.factory = factory;
        this.result = result;
        double total = 0;
        for (int s = 0; s < factory.sourceCount(); s++)
        {
            total += result.metricSum(factory.damageMetric(s));
        }
        this.totalDamage = total;
    }

    String json()
    {
        final CombatSpec spec = factory.spec();
        final JsonWriter json = new JsonWriter().asciiOnly().beginObject();
        json.name("spec").value(specSource);
        json.name("character").value(spec.character().name());
        json.name("iterations").value(result.iterations());
        json.name("seed").value(result.seed());
        json.name("chunk_size").value(result.chunkSize());
        json.name("encounter_ms").value(factory.encounterMs());
        json.name("dps").beginObject()
            .name("mean").value(result.mean())
            .name("stddev").value(result.stddev())
            .name("min").value(result.min())
            .name("max").value(result.max());
        for (final double p : PERCENTILES)
        {
            json.name("p" + (int)p).value(result.percentile(p));
        }
        json.endObject();
        json.name("events").beginObject()
            .name("total").value(result.totalEvents())
            .name("per_iteration").value((double)result.totalEvents() / result.iterations())
            .endObject();
        json.name("spells").beginArray();
        for (int s = 0; s < spec.spells().size(); s++)
        {
            json.beginObject()
                .name("name").value(spec.spells().get(s).name())
                .name("casts_per_iteration").value(result.metricMean(factory.castsMetric(s)))
                .name("damage_per_iteration").value(result.metricMean(factory.damageMetric(s)))
                .name("damage_share").value(share(s))
                .endObject();
        }
        json.endArray();
        json.name("damage_sources").beginArray();
        for (int s = 0; s < factory.sourceCount(); s++)
        {
            if (result.metricSum(factory.damageMetric(s)) > 0)
            {
                json.beginObject()
                    .name("name").value(factory.sourceName(s))
                    .name("kind").value(factory.sourceKind(s))
                    .name("damage_per_iteration").value(result.metricMean(factory.damageMetric(s)))
                    .name("damage_share").value(share(s))
                    .endObject();
            }
        }
        json.endArray();
        json.name("procs").beginArray();
        for (int p = 0; p < spec.procs().size(); p++)
        {
            json.beginObject()
                .name("name").value(spec.procs().get(p).name())
                .name("procs_per_iteration").value(result.metricMean(factory.procsMetric(p)))
                .endObject();
        }
        json.endArray();
        json.name("threads").value(result.threads());
        json.name("timing").beginObject()
            .name("wall_ms").value(result.wallNanos() / 1e6)
            .name("events_per_second").value(result.eventsPerSecond())
            .name("iterations_per_second").value(result.iterationsPerSecond())
            .endObject();
        return json.endObject().toString();
    }

    /**
     * Print the result as a table for a person: the spec's path and the names its file gives (character, spells, auras,
     * procs) with their control characters escaped ({@link PrintableText}); {@link #json()} keeps them as they are.
     */
    void table(final PrintWriter out)
    {
        final CombatSpec spec = factory.spec();
        out.println(f("concurrengine sim: %s (%s)", PrintableText.escape(spec.character().name()),
            PrintableText.escape(specSource)));
        out.println(f("  %s, seed %d, encounter %s, chunk %d, %s", Plural.of(result.iterations(), "iteration"),
            result.seed(), seconds(factory.encounterMs()), result.chunkSize(), Plural.of(result.threads(), "thread")));
        out.println();
        out.println(f("  DPS          %,.1f ± %,.1f (stddev)", result.mean(), result.stddev()));
        out.println(f("  min / max    %,.1f / %,.1f", result.min(), result.max()));
        final StringBuilder percentiles = new StringBuilder("  percentiles ");
        for (final double p : PERCENTILES)
        {
            percentiles.append(f("  p%d %,.1f", (int)p, result.percentile(p)));
        }
        out.println(percentiles);
        out.println(f("  events       %,d (%,.1f per iteration)", result.totalEvents(),
            (double)result.totalEvents() / result.iterations()));
        out.println(f("  throughput   %,.0f events/s, %,.0f iterations/s, wall %,.3f s", result.eventsPerSecond(),
            result.iterationsPerSecond(), result.wallNanos() / 1e9));
        out.println();
        out.println(f("  %-24s %12s %14s %8s", "damage source", "casts/iter", "damage/iter", "share"));
        for (int s = 0; s < factory.sourceCount(); s++)
        {
            final boolean spell = s < spec.spells().size();
            final double damage = result.metricMean(factory.damageMetric(s));
            if (!spell && 0 == damage)
            {
                continue;
            }
            final String kind = factory.sourceKind(s);
            final String label = PrintableText.escape(spell || "auto_attack".equals(kind) ?
                factory.sourceName(s) : factory.sourceName(s) + " (" + kind + ")");
            out.println(f("  %-24s %12s %,14.1f %7.1f%%", label,
                spell ? f("%,.2f", result.metricMean(factory.castsMetric(s))) : "-", damage, 100 * share(s)));
        }
        if (!spec.procs().isEmpty())
        {
            out.println();
            out.println(f("  %-24s %12s", "proc", "procs/iter"));
            for (int p = 0; p < spec.procs().size(); p++)
            {
                out.println(f("  %-24s %,12.2f", PrintableText.escape(spec.procs().get(p).name()),
                    result.metricMean(factory.procsMetric(p))));
            }
        }
        out.flush();
    }

    private double share(final int source)
    {
        return totalDamage > 0 ? result.metricSum(factory.damageMetric(source)) / totalDamage : 0.0;
    }

    private static String seconds(final long ms)
    {
        return 0 == ms % 1000 ? (ms / 1000) + " s" : f("%.3f s", ms / 1000.0);
    }

    private static String f(final String format, final Object... args)
    {
        return String.format(Locale.ROOT, format, args);
    }
}
