package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;

/**
 * Where a shard records what it accepts and dispatches, in order, so that a replay can re-create the run.
 * <p>
 * Called only on the shard's thread. Implementations must not allocate per call.
 */
public interface ShardJournal extends AutoCloseable
{
    /** A journal that records nothing: journaling off. */
    ShardJournal NONE = new Discarding();

    /**
     * A journal that records nothing, to extend where only some calls matter (a test that counts flushes, say).
     */
    class Discarding implements ShardJournal
    {
        @Override
        public void input(
            final long time, final int type, final long target, final long a0, final long a1, final long a2,
            final long a3)
        {
        }

        @Override
        public void advance(final long time)
        {
        }

        @Override
        public void dispatch(final Event event, final boolean failed)
        {
        }

        @Override
        public void flush()
        {
        }

        @Override
        public long bytesWritten()
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }

    /**
     * An input accepted into the shard, with the time it was stamped.
     *
     * @param time   the stamped time.
     * @param type   event type.
     * @param target target key.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     */
    void input(long time, int type, long target, long a0, long a1, long a2, long a3);

    /**
     * The clock advanced to {@code time} without an input, and events due by then follow.
     *
     * @param time new clock.
     */
    void advance(long time);

    /**
     * An event was dispatched.
     *
     * @param event  the event.
     * @param failed true if the handler threw.
     */
    void dispatch(Event event, boolean failed);

    /**
     * An input that was dispatched as the very next event, recorded after its handler ran: the same as
     * {@link #input(long, int, long, long, long, long, long)} of the event's time, type, target and payload followed
     * by {@link #dispatch(Event, boolean)}, which is what this default does. A journal may record the pair more
     * cheaply. The caller records nothing else between the input and its dispatch.
     *
     * @param event  the input as dispatched: its time is the input's stamp.
     * @param failed true if the handler threw.
     */
    default void inputDispatched(final Event event, final boolean failed)
    {
        input(event.time(), event.type(), event.target(), event.a0(), event.a1(), event.a2(), event.a3());
        dispatch(event, failed);
    }

    /**
     * Take back what was recorded of the last input or advance (its input or advance record and every dispatch after
     * it): its dispatches were cut short by an {@link Error} that ends the shard, and a replay must reach the state
     * before it. Only {@link #close()} follows. A journal that can no longer take the records back leaves itself
     * unclosed instead, so that a salvaging replay leaves its last input out.
     */
    default void discardUnit()
    {
    }

    /**
     * Make everything recorded so far durable to the journal's policy and readable.
     */
    void flush();

    /**
     * @return bytes written to the journal so far.
     */
    long bytesWritten();

    /**
     * Whether the journal is running out of room: the shard then reports it (the engine takes no more input, see
     * {@link JournalFullException}) and goes on journaling what its rings had accepted, which the journal must still
     * be able to take. Read on the shard's thread after each flush.
     *
     * @return null while there is room, else what says there is not.
     */
    default RuntimeException outOfSpace()
    {
        return null;
    }

    /**
     * @return the last problem the journal's background work met and worked around, or null; read after
     * {@link #close()} to report it.
     */
    default Throwable backgroundError()
    {
        return null;
    }

    /**
     * Flush and release the journal.
     */
    @Override
    void close();
}
