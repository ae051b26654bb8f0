package io.concurrengine.pipeline.montecarlo;

/**
 * Where an {@link IterationRunner} puts the results of one iteration: exactly one {@link #record(double, long)} per
 * iteration, and any number of {@link #add(int, double)}.
 * <p>
 * Zero allocation. Not threadsafe: each chunk has its own recorder, used by the one thread running the chunk.
 */
public interface IterationRecorder
{
    /**
     * Record the iteration's primary statistic (e.g. DPS) and the events it dispatched. Call exactly once per
     * iteration.
     *
     * @param value  the statistic whose mean, deviation, extremes and percentiles are reported; finite.
     * @param events events the iteration dispatched, for throughput figures.
     * @throws IllegalArgumentException if the value is NaN or infinite: the iteration fails, and the run with it
     *                                  ({@link MonteCarloException}).
     */
    void record(double value, long events);

    /**
     * Add to a model-specific running sum, e.g. casts or damage of one spell.
     *
     * @param metric index in {@code [0, metricCount)} of the run's configuration.
     * @param amount added to that metric's sum.
     */
    void add(int metric, double amount);
}
