/**
 * The event as the kernel stores it and hands it out.
 * <p>
 * {@link io.concurrengine.core.event.EventDescriptor} is the one declaration of the 64-byte, cache-line aligned
 * off-heap record a pending event occupies: time, seq, the list link, type, target and four payload words, with a
 * layout test beside it ({@code EventDescriptorTest}). The wheel and its arena address the fields only through its
 * offsets; a record's generation, which makes stale handles detectable, is kept on heap beside the arena, not in the
 * record. {@link io.concurrengine.core.event.Event} is the reusable on-heap copy a handler receives: one instance per
 * run loop, refilled for every dispatch, so a handler that keeps anything copies it out before it returns.
 * <p>
 * The payload is four {@code long} words by design: a model packs what it needs (ids, prices, quantities) into
 * them, so an event never refers to heap objects, and a journal of its words re-creates it exactly.
 */
package io.concurrengine.core.event;
