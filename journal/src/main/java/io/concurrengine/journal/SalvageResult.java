/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * Outcome of {@link JournalReader#salvage(JournalRecordHandler)}: how much of the journal was intact and where
 * reading stopped.
 *
 * @param records      records delivered (HEADER records included).
 * @param blocks       blocks read whole.
 * @param damage       the first damage, or null if the whole journal read cleanly.
 */
public record SalvageResult(long records, long blocks, JournalCorruptException damage)
{
    /**
     * @return true if the whole journal was read without damage.
     */
    public boolean isComplete()
    {
        return null == damage;
    }

    /**
     * @return one line: clean, or where it stopped and why.
     */
    public String describe()
    {
        if (null == damage)
        {
            return "complete: records=" + records + " blocks=" + blocks;
        }
        return "stopped: records=" + records + " blocks=" + blocks + " at file=" + damage.file() + " document=" +
            damage.documentIndex() + " record=" + damage.recordIndex() + " filePosition=" + damage.filePosition() +
            " reason=" + damage.reason() + ": " + damage.detail();
    }
}
