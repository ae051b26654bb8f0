package io.concurrengine.pipeline;

/**
 * Lifecycle of an {@link Engine}: NEW → STARTING → RUNNING → DRAINING → STOPPED, with FAILED reachable from every
 * state but STOPPED. Only RUNNING accepts input.
 */
public enum EngineState
{
    /** Built, no thread started. */
    NEW,
    /** Shard threads starting. */
    STARTING,
    /** Accepting and dispatching input. */
    RUNNING,
    /** Refusing new input, draining rings, flushing journals. */
    DRAINING,
    /** Every shard drained and its journal closed. */
    STOPPED,
    /**
     * A shard failed, or a journal ran out of space ({@link JournalFullException}, no shard failed then); input is
     * refused, and the shards that have not failed drain and journal what they accepted before.
     */
    FAILED;

    /**
     * @param next the state to move to.
     * @return true if the lifecycle allows moving from this state to {@code next}.
     */
    public boolean canMoveTo(final EngineState next)
    {
        switch (this)
        {
            case NEW:
                return next == STARTING || next == FAILED || next == STOPPED;
            case STARTING:
                return next == RUNNING || next == FAILED;
            case RUNNING:
                return next == DRAINING || next == FAILED;
            case DRAINING:
                return next == STOPPED || next == FAILED;
            case FAILED:
                return next == STOPPED;
            default:
                return false;
        }
    }
}
