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
}
