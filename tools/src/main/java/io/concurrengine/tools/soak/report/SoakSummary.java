package io.concurrengine.tools.soak.report;

import java.util.List;
import java.util.Objects;

/**
 * Everything a soak run established, as one record and as {@code summary.json}.
 * <p>
 * The verdict is the list of reasons the run is unhealthy: empty means healthy. The harness normally takes them from
 * {@link SoakHealth#evaluate(double, SoakTotals, List)} and appends its own (the engine failed, the replay diverged),
 * so a run is never called unhealthy without saying why.
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
     * removed (adding one does not).
     */
    public static final int FORMAT_VERSION = 1;

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
     * named as the record components, plus {@code run.paced}, {@code totals.refused} and {@code totals.lost}. The
     * text is deterministic: members in a fixed order, numbers as described in {@link JsonText}.
     *
     * @return the JSON text, ending with a newline.
     */
    public String toJson()
    {
        final JsonText json = new JsonText().beginObject()
            .member("formatVersion", FORMAT_VERSION)
            .member("healthy", healthy())
            .member("reasons", reasons)
            .member("eventsPerSecond", eventsPerSecond())
            .member("allocatedBytesPerEvent", allocatedBytesPerEvent())
            .member("stateHash", stateHash);
        writeRun(json.beginObject("run")).endObject();
        writeTotals(json.beginObject("totals")).endObject();
        writeLatency(json.beginObject("latency")).endObject();
        writeResources(json.beginObject("resources")).endObject();
        return json.endObject().toString();
    }

    private JsonText writeRun(final JsonText json)
    {
        return json
            .member("commandLine", run.commandLine())
            .member("startTime", run.startTime())
            .member("durationSeconds", run.durationSeconds())
            .member("paced", run.paced())
            .member("targetEventsPerSecond", run.targetEventsPerSecond())
            .member("shards", run.shards())
            .member("coresUsed", run.coresUsed())
            .member("jdkVersion", run.jdkVersion())
            .member("engineConfig", run.engineConfig());
    }

    private JsonText writeTotals(final JsonText json)
    {
        return json
            .member("published", totals.published())
            .member("accepted", totals.accepted())
            .member("dropped", totals.dropped())
            .member("rejected", totals.rejected())
            .member("refused", totals.refused())
            .member("lost", totals.lost())
            .member("events", totals.events())
            .member("failedDispatches", totals.failedDispatches())
            .member("duplicates", totals.duplicates());
    }

    private JsonText writeLatency(final JsonText json)
    {
        return json
            .member("count", latency.count())
            .member("p50Nanos", latency.p50Nanos())
            .member("p90Nanos", latency.p90Nanos())
            .member("p99Nanos", latency.p99Nanos())
            .member("p999Nanos", latency.p999Nanos())
            .member("p9999Nanos", latency.p9999Nanos())
            .member("maxNanos", latency.maxNanos());
    }

    private JsonText writeResources(final JsonText json)
    {
        return json
            .member("journalDiskEndBytes", resources.journalDiskEndBytes())
            .member("journalDiskPeakBytes", resources.journalDiskPeakBytes())
            .member("heapPeakBytes", resources.heapPeakBytes())
            .member("offHeapPeakBytes", resources.offHeapPeakBytes())
            .member("mappedPeakBytes", resources.mappedPeakBytes())
            .member("gcCount", resources.gcCount())
            .member("gcPauseMillis", resources.gcPauseMillis())
            .member("allocatedBytes", resources.allocatedBytes());
    }
}
