/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * Kinds of journal record as the reader delivers them.
 */
public enum RecordKind
{
    /** Identity of the run; first record of every cycle file. */
    HEADER,
    /** An event accepted from the feed. */
    INPUT,
    /** A clock advance that is not an input. */
    ADVANCE,
    /** An event the shard dispatched. */
    DISPATCH,
    /** A snapshot marker. */
    SNAPSHOT;

    private static final RecordKind[] VALUES = values();

    /**
     * @param ordinal ordinal.
     * @return the kind.
     */
    static RecordKind get(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
