/**
 * The single-threaded executor and the API a model is written against.
 * <p>
 * {@link io.concurrengine.core.loop.RunLoop} takes the earliest event from its wheel, moves the clock to it and hands
 * it to an {@link io.concurrengine.core.loop.EventHandler}; a
 * {@link io.concurrengine.core.loop.DispatchTable} routes by event type to one handler per type. While it handles an
 * event, a handler reads the clock and schedules or cancels events through the
 * {@link io.concurrengine.core.loop.EventContext}, and what it schedules is in the wheel before the next event is
 * taken, numbered in the order scheduled.
 * <p>
 * <b>Determinism.</b> The loop reads no wall clock and owns no thread: the next event, the clock and every
 * {@code seq} follow from the events pushed and the handler's own actions, so the same inputs give the same dispatch
 * stream on any machine. The live engine's shards and replay run models through the same code path for that reason.
 * <p>
 * <b>Termination.</b> A run ends at its end time (the event due then stays pending), on an empty wheel, or fails
 * with {@link io.concurrengine.core.loop.EventBudgetExceeded} when a model schedules itself into a loop that does not
 * move the clock.
 * <p>
 * Nothing here allocates per event, and nothing is threadsafe: a loop, its wheel and its handler belong to one
 * thread.
 */
package io.concurrengine.core.loop;
