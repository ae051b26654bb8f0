/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.file.Path;

/**
 * Flyweight view of one decoded record and where it is. Reused for every record: valid only during
 * {@link JournalRecordHandler#onRecord(JournalRecord)}. Fields a kind does not carry read as 0 (seq reads as the last
 * dispatch's seq for records other than DISPATCH).
 */
public final class JournalRecord
{
    RecordKind kind;
    long time;
    long seq;
    int type;
    long target;
    long a0;
    long a1;
    long a2;
    long a3;
    boolean failed;
    long snapshotId;
    JournalHeader header;
    Path file;
    long documentIndex;
    long filePosition;
    long blockIndex;
    int recordIndex;

    JournalRecord()
    {
    }

    /**
     * @return kind of record.
     */
    public RecordKind kind()
    {
        return kind;
    }

    /**
     * @return event time (INPUT, DISPATCH), new clock (ADVANCE), snapshot time (SNAPSHOT), clock before the cycle
     * file's first data block (HEADER: the time of the journal's last record before it, or the start time).
     */
    public long time()
    {
        return time;
    }

    /**
     * @return seq of a DISPATCH; of a HEADER, the seq of the journal's last DISPATCH before it, or -1.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * @return event type of INPUT and DISPATCH.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return event target of INPUT and DISPATCH.
     */
    public long target()
    {
        return target;
    }

    /**
     * @return payload word 0.
     */
    public long a0()
    {
        return a0;
    }

    /**
     * @return payload word 1.
     */
    public long a1()
    {
        return a1;
    }

    /**
     * @return payload word 2.
     */
    public long a2()
    {
        return a2;
    }

    /**
     * @return payload word 3.
     */
    public long a3()
    {
        return a3;
    }

    /**
     * @return true for a DISPATCH whose handler threw.
     */
    public boolean failed()
    {
        return failed;
    }

    /**
     * @return id of a SNAPSHOT marker.
     */
    public long snapshotId()
    {
        return snapshotId;
    }

    /**
     * @return identity carried by a HEADER record, null for other kinds.
     */
    public JournalHeader header()
    {
        return header;
    }

    /**
     * @return cycle file holding the record.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return data document index within the cycle file (0-based; Chronicle's sequence number in the cycle).
     */
    public long documentIndex()
    {
        return documentIndex;
    }

    /**
     * @return byte offset of the document header in the cycle file.
     */
    public long filePosition()
    {
        return filePosition;
    }

    /**
     * @return ordinal of the block in the journal.
     */
    public long blockIndex()
    {
        return blockIndex;
    }

    /**
     * @return record index within the block (0 for HEADER).
     */
    public int recordIndex()
    {
        return recordIndex;
    }

    @Override
    public String toString()
    {
        return JournalInspector.format(this);
    }
}
