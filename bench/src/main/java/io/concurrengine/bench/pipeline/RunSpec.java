package io.concurrengine.bench.pipeline;

/**
 * One measured run of a pipeline.
 *
 * @param phase         what the run is part of: {@code burst}, {@code paced}, {@code sustained}, {@code warmup}.
 * @param round         round number within the phase, for A/B interleaving.
 * @param pipeline      {@code disruptor} or {@code abq}.
 * @param model         {@code market} or {@code trivial}.
 * @param journal       journaling on.
 * @param rate          paced inputs per second, or 0 for as fast as possible.
 * @param maxInputs     inputs to publish, or 0 to publish for {@code seconds}.
 * @param seconds       how long to publish when {@code maxInputs} is 0.
 * @param skipSeconds   warm-up at the start of the run excluded from latency and allocation figures.
 * @param sampleSeconds interval of the timeline.
 * @param keepJournal   leave the journal on disk for a replay.
 */
record RunSpec(
    String phase,
    int round,
    String pipeline,
    String model,
    boolean journal,
    double rate,
    long maxInputs,
    double seconds,
    double skipSeconds,
    double sampleSeconds,
    boolean keepJournal)
{
    /**
     * @return {@link #skipSeconds()} in nanoseconds: the warm-up skip; the latency figures and the feed's lateness
     * start at the first sample at or after it ({@code PipelineRun.Sampler.latencySkipNanos}).
     */
    long skipNanos()
    {
        return (long)(skipSeconds * 1e9);
    }

    String label()
    {
        return phase + "-" + pipeline + "-" + model + "-" + (journal ? "journal" : "nojournal") +
            (rate > 0 ? "-" + rateLabel(rate) : "") + "-r" + round;
    }

    static String rateLabel(final double rate)
    {
        if (rate >= 1e6 && rate % 1e5 == 0)
        {
            return (rate / 1e6 == Math.rint(rate / 1e6) ? Long.toString((long)(rate / 1e6)) : Double.toString(rate / 1e6)) +
                "M";
        }
        return Long.toString((long)rate);
    }
}
