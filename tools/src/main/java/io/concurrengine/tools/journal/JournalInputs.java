package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.JournalRecord;
import io.concurrengine.journal.JournalRecordHandler;
import io.concurrengine.journal.RecordKind;
import io.concurrengine.journal.SalvageResult;
import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.feed.InputSource;
import io.concurrengine.tools.run.RunLock;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The inputs of a run's journal, every shard's merged into one stream in time order, as the feed that would run them
 * again: a feed file written from it ({@code concurrengine feed --journal DIR}) runs to the run's state hash on any
 * number of shards, since each instrument's inputs keep their order and times (an instrument lives on one shard) and
 * the market model's state hash is a sum over instruments.
 * <p>
 * Each shard's journal is read and checked (checksums, headers, the run's configuration hash) by a thread of its own,
 * {@code journal-inputs-N}, a batch of inputs at a time through a small queue; {@link #next} takes the input with the
 * earliest time from the shards' heads, the lower shard first on a tie. Damage stops the stream where it is: the inputs
 * before it have been delivered, and {@link #next} throws the reader's {@link JournalCorruptException}. Damage after
 * the END block of a closed shard's journal leaves that shard whole: every shard's inputs are delivered first, and
 * {@link #next} throws it at the end, {@link #whole()} then true.
 * Only the market model's journals are read. Not threadsafe: one thread calls {@link #next} and {@link #close}.
 */
public final class JournalInputs implements InputSource, AutoCloseable
{
    private static final int BATCH_INPUTS = 4096;
    private static final int FIELDS = 7;
    private static final int QUEUED_BATCHES = 4;

    private final Path directory;
    private final Shard[] shards;
    private final JournalReplacement replacement;
    private long delivered;
    private boolean whole;
    private Shard last;
    private int bandWidth = MarketConfig.DEFAULT_BAND_WIDTH;

    private JournalInputs(final Path directory, final Shard[] shards, final JournalReplacement replacement)
    {
        this.directory = directory;
        this.shards = shards;
        this.replacement = replacement;
    }

    /**
     * Open a run's journal and start reading every shard.
     *
     * @param directory the run's journal directory.
     * @return the inputs, ready to take.
     * @throws ConfigException if the directory is not a finished run's journal directory (no {@code run.toml}, a run
     *                         still writing it).
     */
    public static JournalInputs open(final Path directory)
    {
        final JournalReplacement replacement = JournalReplacement.observe(directory);
        // the lock first: a run that is starting holds it before it writes its run.toml (moving an earlier run's aside)
        final long writer = replacement.writer();
        if (writer >= 0)
        {
            throw new ConfigException(directory.toString(), "(directory)", RunLock.describe(directory, writer) +
                ": its end is not written yet; take its inputs when the run has ended");
        }
        final ReplayCommand.RunConfig run = ReplayCommand.loadRun(directory);
        final int count = run.config().shards();
        final List<Function<JournalRecordHandler, SalvageResult>> readers = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            readers.add(run.shardReader(directory, i)::salvage);
        }
        final JournalInputs inputs = start(directory, readers, replacement);
        inputs.bandWidth = run.config().bandWidth();
        return inputs;
    }

    /**
     * Start a thread reading each shard: for {@link #open} and tests.
     *
     * @param directory the run's journal directory.
     * @param readers   each shard's reader: hands the shard's records, in order, to the handler it is given and
     *                  says where and why it stopped, as {@link JournalReader#salvage} does.
     */
    static JournalInputs start(final Path directory, final List<Function<JournalRecordHandler, SalvageResult>> readers)
    {
        return start(directory, readers, JournalReplacement.observe(directory));
    }

    private static JournalInputs start(final Path directory,
        final List<Function<JournalRecordHandler, SalvageResult>> readers, final JournalReplacement replacement)
    {
        final Shard[] shards = new Shard[readers.size()];
        for (int i = 0; i < shards.length; i++)
        {
            shards[i] = new Shard(readers.get(i), i);
        }
        for (final Shard shard : shards)
        {
            shard.thread.start();
        }
        return new JournalInputs(directory, shards, replacement);
    }

    /**
     * @param into overwritten with the next input: its journaled time as the feed time, its type, target and payload.
     * @return false once every shard's inputs have been taken.
     * @throws io.concurrengine.journal.JournalCorruptException at a shard's first damage, once the inputs before it
     *                                                          have been taken.
     */
    @Override
    public boolean next(final MarketInput into)
    {
        Shard earliest = null;
        for (final Shard shard : shards)
        {
            if (shard.fill() && (null == earliest || shard.time() < earliest.time()))
            {
                earliest = shard;
            }
        }
        if (null == earliest)
        {
            for (final Shard shard : shards)
            {
                if (null != shard.afterEnd)
                {
                    whole = true;
                    throw shard.afterEnd;
                }
            }
            return false;
        }
        earliest.take(into);
        last = earliest;
        delivered++;
        return true;
    }

    /**
     * @return where the input {@link #next} took last lies, for a message: {@code shard 1's input 17}, counting each
     * shard's inputs from 1 in its journal's order (the order {@code replay} and {@code inspect} read them in); null
     * before the first.
     */
    public String describeLast()
    {
        return null == last ? null : "shard " + last.shardId + "'s input " + last.taken;
    }

    /**
     * @param ex what a journal's reader reported.
     * @return it in words, as {@code replay} says it: {@code journal damaged: ...}, {@code journal not closed: ...},
     * {@code journal cannot be read: ...}.
     */
    public static String describe(final JournalCorruptException ex)
    {
        return JournalDamage.describe(ex);
    }

    /**
     * @param ex what a shard's reader reported while the inputs were taken.
     * @return that a run started writing the directory while it was read, replacing the journal, if the read failed on
     * a missing file or directory and the directory is now another run's; else {@link #describe}, followed by that
     * sentence if the directory is now another run's all the same (a shard of the new run read, of another
     * configuration, is not the run's), as {@code replay} and {@code inspect} say it after any shard's damage.
     */
    public String describeDamage(final JournalCorruptException ex)
    {
        final String replaced = replacement.replaced(ex);
        if (null != replaced)
        {
            return replaced;
        }
        final String replacedWhileRead = replacement.replacedWhileRead();
        return describe(ex) + (null == replacedWhileRead ? "" : "; " + replacedWhileRead);
    }

    /**
     * Ask once {@link #next} has returned false: a run that started on the directory while its shards were read may
     * have left some of the inputs taken of another run.
     *
     * @return null, or a sentence saying that a run started writing the directory while it was read, replacing the
     * journal.
     */
    public String replacedWhileRead()
    {
        return replacement.replacedWhileRead();
    }

    /**
     * Say which {@code shard-N} directories of the journal directory are not the run's, as {@code replay} and
     * {@code inspect} do: their inputs are not taken.
     *
     * @param err where to say it.
     */
    public void warnOfStrayShards(final PrintWriter err)
    {
        ReplayCommand.warnOfStrayShards(directory, shards.length, err, "feed");
    }

    /**
     * @return the run's {@code market.band_width}, which its inputs' lines do not carry: a run of them with another
     * rejects other prices and hashes to another state hash.
     */
    public int bandWidth()
    {
        return bandWidth;
    }

    /**
     * Ask once {@link #next} has returned false: a journaled ADVANCE later than the last input fired the timers due by
     * then in the run (a wall-clock run's clock, or an embedder's {@code advanceTo} past its feed), but a run of the
     * inputs' lines ends at the last line's time.
     *
     * @return the latest time any shard's clock was advanced to, or {@link Long#MIN_VALUE} for none.
     */
    public long lastAdvance()
    {
        long latest = Long.MIN_VALUE;
        for (final Shard shard : shards)
        {
            latest = Math.max(latest, shard.lastAdvance);
        }
        return latest;
    }

    /**
     * @return inputs taken so far.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return true once {@link #next} has thrown damage that lies after the END block of a closed shard's journal:
     * every input of every shard was taken before it.
     */
    public boolean whole()
    {
        return whole;
    }

    /**
     * Stop the reading threads, wherever they are.
     */
    @Override
    public void close()
    {
        for (final Shard shard : shards)
        {
            shard.close();
        }
    }

    /**
     * A batch of inputs, {@link #FIELDS} longs each; a batch with {@code count} -1 ends the shard, with
     * {@code failure} set if it ended at damage, and {@code afterEnd} if that damage lies after the END block of a
     * closed journal (every input was read).
     */
    private static final class Batch
    {
        final long[] fields;
        final int count;
        final Throwable failure;
        final boolean afterEnd;

        Batch(final long[] fields, final int count, final Throwable failure, final boolean afterEnd)
        {
            this.fields = fields;
            this.count = count;
            this.failure = failure;
            this.afterEnd = afterEnd;
        }
    }

    private static final class Shard implements JournalRecordHandler
    {
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        private final Thread thread;
        private final int shardId;
        private volatile boolean closed;
        // the reading thread's, read by the taking thread once it has taken the shard's end from the queue
        private long lastAdvance = Long.MIN_VALUE;
        // the reading thread's
        private boolean started;
        private long[] filling = new long[BATCH_INPUTS * FIELDS];
        private int filled;
        // the taking thread's
        private Batch current;
        private int index;
        private boolean ended;
        private RuntimeException afterEnd;
        private long taken;

        Shard(final Function<JournalRecordHandler, SalvageResult> reader, final int shardId)
        {
            this.shardId = shardId;
            thread = new Thread(() -> read(reader), "journal-inputs-" + shardId);
            thread.setDaemon(true);
        }

        private void read(final Function<JournalRecordHandler, SalvageResult> reader)
        {
            Throwable failure = null;
            boolean afterEnd = false;
            try
            {
                final SalvageResult result = reader.apply(this);
                failure = result.damage();
                afterEnd = null != failure && result.closed();
            }
            catch (final RuntimeException | Error ex)
            {
                // an Error too (out of memory, say): the shard's end must reach the taking thread, or it would wait
                // for it forever; it throws it there
                failure = ex;
            }
            if (filled > 0 && !closed)
            {
                put(new Batch(filling, filled, null, false)); // the inputs before the damage come first
            }
            if (!closed)
            {
                put(new Batch(null, -1, failure, afterEnd));
            }
        }

        @Override
        public void onRecord(final JournalRecord record)
        {
            if (RecordKind.HEADER == record.kind() && !started)
            {
                started = true;
                if (0 != record.blockIndex())
                {
                    // as replay refuses it: the run's inputs before the first cycle file left are gone
                    throw new JournalCorruptException(JournalCorruptException.Reason.BLOCK_SEQUENCE, record.file(),
                        record.documentIndex(), JournalCorruptException.NO_RECORD, record.filePosition(),
                        "journal starts at block " + record.blockIndex() + ", not 0: its oldest cycle files are " +
                        "gone (deleted by retention or by hand), and a run's inputs are whole only from the start " +
                        "of its run" + JournalReader.entriesNotRead(record.file().getParent()), null);
                }
            }
            if (RecordKind.ADVANCE == record.kind())
            {
                lastAdvance = Math.max(lastAdvance, record.time());
            }
            if (RecordKind.INPUT != record.kind())
            {
                return;
            }
            final long[] fields = filling;
            final int at = filled * FIELDS;
            fields[at] = record.time();
            fields[at + 1] = record.type();
            fields[at + 2] = record.target();
            fields[at + 3] = record.a0();
            fields[at + 4] = record.a1();
            fields[at + 5] = record.a2();
            fields[at + 6] = record.a3();
            if (++filled == BATCH_INPUTS)
            {
                put(new Batch(fields, filled, null, false));
                filling = new long[BATCH_INPUTS * FIELDS];
                filled = 0;
            }
        }

        @Override
        public boolean wantsMore()
        {
            return !closed;
        }

        private void put(final Batch batch)
        {
            try
            {
                queue.put(batch);
            }
            catch (final InterruptedException ex)
            {
                closed = true; // closed while waiting for room: nobody takes any more
            }
        }

        /**
         * @return true if this shard has an input to take, waiting for its reader if need be.
         */
        boolean fill()
        {
            while (!ended && (null == current || index == current.count))
            {
                try
                {
                    current = queue.take();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a journal's inputs", ex);
                }
                index = 0;
                if (current.count < 0)
                {
                    ended = true;
                    if (current.afterEnd)
                    {
                        // thrown once every shard's inputs are taken; only damage lies after an END block
                        afterEnd = (RuntimeException)current.failure;
                    }
                    else if (current.failure instanceof Error)
                    {
                        throw (Error)current.failure;
                    }
                    else if (null != current.failure)
                    {
                        throw (RuntimeException)current.failure;
                    }
                }
            }
            return !ended;
        }

        long time()
        {
            return current.fields[index * FIELDS];
        }

        void take(final MarketInput into)
        {
            final long[] fields = current.fields;
            final int at = index * FIELDS;
            into.set((int)fields[at + 1], fields[at + 2], fields[at + 3], fields[at + 4], fields[at + 5],
                fields[at + 6], fields[at]);
            index++;
            taken++;
        }

        void close()
        {
            closed = true;
            thread.interrupt();
        }
    }
}
