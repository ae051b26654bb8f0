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
 * @param closed       true if reading got as far as the END block its writer appends on close (format version 4 and
 *                     later): every record of the run was delivered, whatever damage follows the END block.
 * @param damage       the first damage, or null if the whole journal read cleanly.
 */
public record SalvageResult(long records, long blocks, boolean closed, JournalCorruptException damage)
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
        return "stopped" + (closed ? " after the journal's end block" : "") + ": records=" + records + " blocks=" +
            blocks + " at " + damage.position() + " reason=" + damage.reason() + ": " + damage.detail();
    }
}
