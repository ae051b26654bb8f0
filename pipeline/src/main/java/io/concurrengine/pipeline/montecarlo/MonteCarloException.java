package io.concurrengine.pipeline.montecarlo;

/**
 * An iteration of a Monte Carlo run failed; the run was abandoned. Names the iteration by its global index, chunk
 * and index within the chunk, which with the seed reproduce it; the model's exception is the cause.
 */
public final class MonteCarloException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long iteration;
    private final long chunk;
    private final long indexInChunk;

    /**
     * @param iteration    global index of the failed iteration.
     * @param chunk        its chunk.
     * @param indexInChunk its index within the chunk: the RNG's iteration index.
     * @param cause        what the model threw.
     */
    public MonteCarloException(final long iteration, final long chunk, final long indexInChunk, final Throwable cause)
    {
        super("iteration " + iteration + " (chunk " + chunk + ", index " + indexInChunk + ") failed: " +
            cause.getMessage(), cause);
        this.iteration = iteration;
        this.chunk = chunk;
        this.indexInChunk = indexInChunk;
    }

    /**
     * @return global index of the failed iteration.
     */
    public long iteration()
    {
        return iteration;
    }

    /**
     * @return its chunk.
     */
    public long chunk()
    {
        return chunk;
    }

    /**
     * @return its index within the chunk.
     */
    public long indexInChunk()
    {
        return indexInChunk;
    }
}
