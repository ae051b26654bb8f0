package io.concurrengine.tools.soak.report;

import io.concurrengine.tools.json.JsonWriter;

import java.util.List;
import java.util.Objects;

/**
 * Everything a soak run established, as one record and as {@code summary.json}.
 * <p>
 * The verdict is the list of reasons the run is unhealthy: empty means healthy. The harness normally takes them from
 * {@link SoakHealth#evaluate(SoakRun, SoakTotals, List)} and appends its own (the engine failed, the replay
 * diverged), so a run is never called unhealthy without saying why.
 *
 * @param run       what was run.
 * @param totals    event accounting.
 * @param latency   whole-run latency percentiles.
 * @param resources disk, memory and GC.
 * @param stateHash combined state hash of the shards at the end, hex.
 * @param reasons   why the run is unhealthy; empty when it is healthy. Copied.
 */
public record SoakSummary(
    SoakRun run,
    SoakTotals totals,
    SoakLatency latency,
    SoakResources resources,
    String stateHash,
    List<String> reasons)
{
    /**
     * Version of the {@code summary.json} layout, written as {@code formatVersion}; bumped when a member is renamed or
     * removed (adding one does not), with the summary of the layout before it added to the test fixtures
     * (GoldenSoakSummaryTest).
     */
    public static final int FORMAT_VERSION = 1;

    /** Fractional digits of every decimal in the JSON text. */
    static final int DECIMALS = 6;

    /**
     * @throws NullPointerException when a component or a reason is null.
     */
    public SoakSummary
    {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(stateHash, "stateHash");
        reasons = List.copyOf(reasons);
    }

    /**
     * @return true when there is no reason to call the run unhealthy.
     */
    public boolean healthy()
    {
        return reasons.isEmpty();
    }

    /**
     * @return events dispatched per second of wall time; 0 for a run of no duration.
     */
    public double eventsPerSecond()
    {
        return run.durationSeconds() > 0 ? totals.events() / run.durationSeconds() : 0;
    }

    /**
     * @return heap bytes allocated per dispatched event; 0 when none was dispatched.
     */
    public double allocatedBytesPerEvent()
    {
        return totals.events() > 0 ? (double)resources.allocatedBytes() / totals.events() : 0;
    }

    /**
     * Writes every field, and the derived figures, as one JSON object: {@code formatVersion}, {@code healthy},
     * {@code reasons}, {@code eventsPerSecond}, {@code allocatedBytesPerEvent}, {@code stateHash} at the top and one
     * nested object per component ({@code run}, {@code totals}, {@code latency}, {@code resources}) whose members are
     * named as the record components, plus {@code run.paced}, {@code totals.refused} and {@code totals.lost}, and
     * {@code run.targetEventsPerSecond}: deprecated, the first name of {@code run.targetInputsPerSecond} (the paced
     * rate counts inputs, not events), the same number, kept for the readers of earlier summaries. The text is
     * deterministic: members in a fixed order, decimals in plain notation rounded to {@value #DECIMALS} fractional
     * digits ({@link JsonWriter#fractionDigits(int)}).
     *
     * @return the JSON text, ending with a newline.
     */
    public String toJson()
    {
        final JsonWriter json = JsonWriter.pretty().fractionDigits(DECIMALS).beginObject()
            .name("formatVersion").value(FORMAT_VERSION)
            .name("healthy").value(healthy())
            .name("reasons").stringArray(reasons)
            .name("eventsPerSecond").value(eventsPerSecond())
            .name("allocatedBytesPerEvent").value(allocatedBytesPerEvent())
            .name("stateHash").value(stateHash);
        writeRun(json.name("run").beginObject()).endObject();
        writeTotals(json.name("totals").beginObject()).endObject();
        writeLatency(json.name("latency").beginObject()).endObject();
        writeResources(json.name("resources").beginObject()).endObject();
        return json.endObject().toString();
    }

    private JsonWriter writeRun(final JsonWriter json)
    {
        return json
            .name("commandLine").value(run.commandLine())
            .name("startTime").value(run.startTime())
            .name("durationSeconds").value(run.durationSeconds())
            .name("requestedDurationSeconds").value(run.requestedDurationSeconds())
            .name("paced").value(run.paced())
            .name("targetInputsPerSecond").value(run.targetInputsPerSecond())
            .name("targetEventsPerSecond").value(run.targetInputsPerSecond()) // deprecated: the first name
            .name("shards").value(run.shards())
            .name("coresUsed").value(run.coresUsed())
            .name("jdkVersion").value(run.jdkVersion())
            .name("engineConfig").value(run.engineConfig())
            .name("journaled").value(run.journaled())
            .name("journalRetentionSeconds").value(run.journalRetentionSeconds())
            .name("stoppedEarly").value(run.stoppedEarly())
            .name("endedEarly").value(run.endedEarly())
            .name("eventCountReached").value(run.eventCountReached())
            .name("journalRetentionBytes").value(run.journalRetentionBytes())
            .name("journalRollCycleSeconds").value(run.journalRollCycleSeconds());
    }

    private JsonWriter writeTotals(final JsonWriter json)
    {
        return json
            .name("published").value(totals.published())
            .name("accepted").value(totals.accepted())
            .name("dropped").value(totals.dropped())
            .name("rejected").value(totals.rejected())
            .name("refused").value(totals.refused())
            .name("lost").value(totals.lost())
            .name("events").value(totals.events())
            .name("failedDispatches").value(totals.failedDispatches())
            .name("duplicates").value(totals.duplicates())
            .name("unsentDueInputs").value(totals.unsentDueInputs())
            .name("modelRejected").value(totals.modelRejected())
            .name("remaindersDropped").value(totals.remaindersDropped())
            .name("barTimersRefused").value(totals.barTimersRefused());
    }

    private JsonWriter writeLatency(final JsonWriter json)
    {
        return json
            .name("count").value(latency.count())
            .name("p50Nanos").value(latency.p50Nanos())
            .name("p90Nanos").value(latency.p90Nanos())
            .name("p99Nanos").value(latency.p99Nanos())
            .name("p999Nanos").value(latency.p999Nanos())
            .name("p9999Nanos").value(latency.p9999Nanos())
            .name("maxNanos").value(latency.maxNanos());
    }

    private JsonWriter writeResources(final JsonWriter json)
    {
        return json
            .name("journalDiskEndBytes").value(resources.journalDiskEndBytes())
            .name("journalDiskPeakBytes").value(resources.journalDiskPeakBytes())
            .name("heapPeakBytes").value(resources.heapPeakBytes())
            .name("offHeapPeakBytes").value(resources.offHeapPeakBytes())
            .name("mappedPeakBytes").value(resources.mappedPeakBytes())
            .name("gcCount").value(resources.gcCount())
            .name("gcPauseMillis").value(resources.gcPauseMillis())
            .name("allocatedBytes").value(resources.allocatedBytes());
    }
}
