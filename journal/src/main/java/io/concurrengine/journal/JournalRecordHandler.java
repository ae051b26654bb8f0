/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * Receives decoded records in journal order.
 */
@FunctionalInterface
public interface JournalRecordHandler
{
    /**
     * @param record flyweight valid only during the call: copy what you keep.
     */
    void onRecord(JournalRecord record);

    /**
     * Asked after each record delivered: false ends the read there, as a query's limit does (nothing after it is
     * read or checked).
     *
     * @return true to go on reading.
     */
    default boolean wantsMore()
    {
        return true;
    }
}
