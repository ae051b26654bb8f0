package io.concurrengine.pipeline.replay;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.JournalRecord;
import io.concurrengine.journal.JournalRecordHandler;
import io.concurrengine.journal.RecordKind;
import io.concurrengine.journal.SalvageResult;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.pipeline.ShardCore;
import io.concurrengine.pipeline.ShardJournal;
import io.concurrengine.pipeline.ShardModel;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Re-executes one shard from its journal and checks every dispatch against the journaled one.
 * <p>
 * The journal holds, in order, each input or advance followed by the dispatches it caused. An input is therefore
 * re-executed once the next input or advance (or the end) is read, when all its journaled dispatches are queued
 * for comparison; the first mismatch, missing or extra dispatch is the divergence, and re-execution stops there.
 * <p>
 * Not threadsafe; one replayer, and model, per replay of a shard journal. Zero allocation per record once the
 * comparison queue has grown.
 */
public final class ShardReplayer implements JournalRecordHandler, ShardCore.DispatchObserver
{
    /** Records read between two questions to {@link #stopWhen}'s supplier: a power of two. */
    static final int STOP_CHECK_RECORDS = 4096;

    private static final int FIELDS = 9;

    private final int shardId;
    private final ShardModel model;
    private final int slotCount;
    private final int slotShift;
    private final boolean verify;
    private int initialWheelCapacity = EngineBuilder.DEFAULT_INITIAL_WHEEL_CAPACITY;
    private ShardCore core;
    private long[] expected = new long[FIELDS * 1024];
    /** Slots of {@link #expected} minus one: a power of two, so ring positions are masks, not divisions. */
    private int slotMask = 1024 - 1;
    private int head;
    private int count;
    private RecordKind pendingKind;
    private final long[] pending = new long[7];
    /** Where the pending input or advance was read, to name it if it cannot be re-executed. */
    private Path pendingFile;
    private long pendingDocument;
    private int pendingRecord;
    private long pendingPosition;
    private long dispatchIndex;
    private ReplayDivergence divergence;
    private long until = Long.MAX_VALUE;
    private boolean beyondUntil;
    private boolean doneReading;
    private boolean advancedToUntil;
    /** The time the replayed state is at ({@link ReplayResult#time()}): the start, then each record re-executed's. */
    private long stateTime = -1;
    private int requiredShardCount = -1;
    private Long requiredConfigHash;
    private boolean live;
    private BooleanSupplier stopped = () -> false;
    /** Records read since {@link #stopped} was last asked: it is asked once every {@link #STOP_CHECK_RECORDS}. */
    private int uncheckedRecords;
    /** Set by the first {@link #replay}: the model then holds that replay's state. */
    private boolean replayed;

    /**
     * @param shardId   the shard being replayed.
     * @param model     a fresh model, built with the same configuration as the recorded run.
     * @param slotCount wheel slots of the recorded run.
     * @param slotShift wheel slot shift of the recorded run.
     * @param verify    true to compare every dispatch with the journaled one; false to re-execute only.
     * @throws NullPointerException if {@code model} is null.
     */
    public ShardReplayer(
        final int shardId, final ShardModel model, final int slotCount, final int slotShift, final boolean verify)
    {
        this.verify = verify;
        this.shardId = shardId;
        // refused here, not by a NullPointerException when the replay asks the model for its identity
        this.model = Objects.requireNonNull(model, "model");
        this.slotCount = slotCount;
        this.slotShift = slotShift;
    }

    /**
     * Re-execute only up to a time: the state is then the shard's state at {@code time}, after every event due at or
     * before it (time-travel). The journal is read up to the first input or advance after {@code time} and the
     * dispatches journaled with it that are due by {@code time}; the clock is then advanced to {@code time}, unless
     * the journal ends first (the run never got past it). With verify, those dispatches are compared too.
     *
     * @param time last time re-executed, inclusive, in the journal's time unit.
     * @return this.
     */
    public ShardReplayer until(final long time)
    {
        this.until = time;
        return this;
    }

    /**
     * Size the replay's wheel as the recorded run's engine was ({@link EngineBuilder#initialWheelCapacity(int)}): it
     * is allocated for the larger of this and the model's {@link ShardModel#expectedTimers()}, and grows if it needs
     * more. What it dispatches does not depend on it.
     *
     * @param records initial wheel capacity, in [1, {@link EventDescriptor#MAX_RECORDS}];
     *                {@link EngineBuilder#DEFAULT_INITIAL_WHEEL_CAPACITY} unless set.
     * @return this.
     * @throws IllegalArgumentException if {@code records} is out of range.
     */
    public ShardReplayer initialWheelCapacity(final int records)
    {
        EventDescriptor.checkCapacity("initialWheelCapacity", records);
        this.initialWheelCapacity = records;
        return this;
    }

    /**
     * Require the journal's header to name this replayer's shard, the given shard count and configuration hash, so
     * that a shard journal copied from another run or another shard, or a run configuration that is not the
     * journal's, is reported ({@link JournalCorruptException.Reason#IDENTITY_MISMATCH}) instead of replayed.
     *
     * @param shardCount shards of the recorded run, at least 1.
     * @param configHash hash of the recorded run's configuration, as written in its journal headers.
     * @return this.
     * @throws IllegalArgumentException if {@code shardCount} is below 1.
     */
    public ShardReplayer requireRun(final int shardCount, final long configHash)
    {
        if (shardCount < 1)
        {
            // taken, it would have turned the shard checks off: replay() requires the shard only of a run with shards
            throw new IllegalArgumentException("requireRun: shardCount=" + shardCount + " must be at least 1");
        }
        this.requiredShardCount = shardCount;
        this.requiredConfigHash = configHash;
        return this;
    }

    /**
     * Read the journal as one its writer may still be appending to (a run in progress): the replay ends at its last
     * complete block instead of reporting the block being written, or a cycle file or header block not written yet,
     * as damage ({@link JournalReader.Builder#live(boolean)}), and leaves out the last input read, whose dispatches may
     * go on in the block being written. Damage before that is still damage. A journal its writer closed while it was
     * read is replayed whole, as a closed one, and so is one read past {@link #until(long)}: what it holds beyond
     * that time was not needed.
     *
     * @param live true if the journal may still be being written.
     * @return this.
     */
    public ShardReplayer live(final boolean live)
    {
        this.live = live;
        return this;
    }

    /**
     * Stop reading the journal once {@code stopped} says so (a command stopped by Ctrl-C): the replay then ends as if
     * the journal ended there, and what it returns covers only what was read, which the caller should not take for a
     * result. Asked every {@value #STOP_CHECK_RECORDS} records, from the replaying thread.
     *
     * @param stopped true once the replay should stop; any thread may make it so.
     * @return this.
     */
    public ShardReplayer stopWhen(final BooleanSupplier stopped)
    {
        this.stopped = Objects.requireNonNull(stopped, "stopped");
        return this;
    }

    /**
     * Replay a shard journal, once: the replay re-executes into this replayer's model, so another replay takes a new
     * replayer with a fresh model.
     *
     * @param directory the shard's journal directory.
     * @param salvage   true to replay the intact prefix of a damaged journal and report the damage; false to stop at
     *                  the damage with a {@link JournalCorruptException}. The prefix leaves out its last input, whose
     *                  dispatches the damage may have cut short, unless the damage lies after the END block of a
     *                  closed journal: every input is then replayed and compared.
     * @return what the replay found.
     * @throws JournalCorruptException if the journal is damaged and {@code salvage} is false; also when its checksums
     *                                 hold but an input or advance cannot be re-executed (an input before the previous
     *                                 one in time, say: a journal this engine did not write), naming that record
     *                                 ({@link JournalCorruptException.Reason#MALFORMED_BLOCK}).
     * @throws IllegalStateException   if this replayer has replayed before.
     */
    public ReplayResult replay(final Path directory, final boolean salvage)
    {
        if (replayed)
        {
            // the model, the closed core and the comparison queue hold the first replay's state: going on from them,
            // the journal's first input would come before the last one re-executed, and be reported as damage
            throw new IllegalStateException("shard=" + shardId + ": this ShardReplayer has replayed already, into " +
                "its model, which a second replay would go on from; make a new ShardReplayer with a fresh model for " +
                "each replay");
        }
        replayed = true;
        final JournalReader.Builder builder = JournalReader.builder(directory).requireModelId(model.identity());
        if (requiredShardCount > 0)
        {
            builder.requireShardId(shardId).requireShardCount(requiredShardCount);
        }
        if (null != requiredConfigHash)
        {
            builder.requireConfigHash(requiredConfigHash);
        }
        final JournalReader reader = builder.live(live).build();
        final long start = System.nanoTime();
        JournalCorruptException damage = null;
        boolean whole = true;
        boolean stillWritten = false;
        long lastBlock = -1;
        try
        {
            if (salvage || live)
            {
                final SalvageResult result = reader.salvage(this);
                damage = result.damage();
                if (null != damage && !salvage)
                {
                    throw damage;
                }
                // damage after the END block leaves the journal whole: its last input's dispatches are all there;
                // so does a live one read past until(), whose end was not needed
                whole = result.closed() || (null == damage && (!live || doneReading));
                stillWritten = live && !whole;
                lastBlock = stillWritten ? result.blocks() - 1 : -1;
            }
            else
            {
                reader.read(this);
            }
            try
            {
                finish(whole);
            }
            catch (final JournalCorruptException ex)
            {
                if (!salvage)
                {
                    throw ex;
                }
                damage = ex; // the journal's last input or advance: everything before it was re-executed
                whole = false;
            }
        }
        finally
        {
            if (null != core)
            {
                core.close();
            }
        }
        final long elapsed = System.nanoTime() - start;
        return new ReplayResult(
            shardId,
            null == core ? 0 : core.inputs(),
            null == core ? 0 : core.advances() - (advancedToUntil ? 1 : 0),
            verify ? dispatchIndex : core == null ? 0 : core.dispatched(),
            model.stateHash(),
            elapsed,
            divergence,
            damage,
            null != damage && whole,
            stillWritten,
            lastBlock,
            stateTime);
    }

    @Override
    public boolean wantsMore()
    {
        // the stop is asked for once in a while, not at every record: it is a volatile read off the replay's path
        return !doneReading && ((++uncheckedRecords & (STOP_CHECK_RECORDS - 1)) != 0 || !stopped.getAsBoolean());
    }

    @Override
    public void onRecord(final JournalRecord record)
    {
        final RecordKind kind = record.kind();
        if (RecordKind.HEADER != kind && record.time() > until)
        {
            if (RecordKind.INPUT == kind || RecordKind.ADVANCE == kind)
            {
                // the first such record's dispatches may still include events due by `until`; the second ends it
                doneReading = beyondUntil;
                beyondUntil = true;
            }
            return;
        }
        switch (kind)
        {
            case HEADER:
                if (null == core)
                {
                    if (0 != record.blockIndex())
                    {
                        // a replay re-executes the shard from its first input, into a fresh model and wheel
                        throw new JournalCorruptException(JournalCorruptException.Reason.BLOCK_SEQUENCE, record.file(),
                            record.documentIndex(), JournalCorruptException.NO_RECORD, record.filePosition(),
                            "journal starts at block " + record.blockIndex() + ", not 0: its oldest cycle files are " +
                            "gone (deleted by retention or by hand), and a shard can be replayed only from the start " +
                            "of its run" + JournalReader.entriesNotRead(record.file().getParent()), null);
                    }
                    final EventWheel wheel = new EventWheel(slotCount, slotShift,
                        ShardModel.wheelCapacity(initialWheelCapacity, model, shardId),
                        record.header().startTime());
                    core = new ShardCore(shardId, wheel, model, ShardJournal.NONE, error -> { }, verify ? this : null);
                    stateTime = record.header().startTime();
                }
                break;
            case INPUT:
            case ADVANCE:
                executePending();
                pendingKind = record.kind();
                pending[0] = record.time();
                pending[1] = record.type();
                pending[2] = record.target();
                pending[3] = record.a0();
                pending[4] = record.a1();
                pending[5] = record.a2();
                pending[6] = record.a3();
                final Path file = record.file();
                if (file != pendingFile)
                {
                    pendingFile = file; // once per cycle file: a reference store per input costs a GC write barrier
                }
                pendingDocument = record.documentIndex();
                pendingRecord = record.recordIndex();
                pendingPosition = record.filePosition();
                break;
            case DISPATCH:
                if (verify) // without, the journaled dispatches are read past: the result counts the model's
                {
                    enqueue(record);
                }
                break;
            default:
                break;
        }
    }

    private void executePending()
    {
        executePending(false);
    }

    /**
     * @param lastBeforeUntil true for the last input before an {@link #until} cut: dispatches journaled after it may
     *                        be due after it but by {@code until}; they are checked after the clock's final advance.
     */
    private void executePending(final boolean lastBeforeUntil)
    {
        final RecordKind kind = pendingKind;
        pendingKind = null;
        if (null == kind || null != divergence)
        {
            return;
        }
        if (null == core)
        {
            throw new IllegalStateException("journal has records before its header: shard=" + shardId);
        }
        try
        {
            stateTime = Math.max(stateTime, pending[0]);
            if (kind == RecordKind.INPUT)
            {
                core.input(pending[0], (int)pending[1], pending[2], pending[3], pending[4], pending[5], pending[6]);
            }
            else
            {
                core.advance(pending[0]);
            }
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            // the block's checksum held: the record is as written, by a writer that was not this engine's
            throw new JournalCorruptException(JournalCorruptException.Reason.MALFORMED_BLOCK, pendingFile,
                pendingDocument, pendingRecord, pendingPosition, (kind == RecordKind.INPUT ? "input" : "advance") +
                " at time=" + pending[0] + " cannot be re-executed: " + ex.getMessage() + " (its block's checksum " +
                "holds: the journal was not written by this engine, or by a faulty writer)", ex);
        }
        if (!lastBeforeUntil && null == divergence && count > 0)
        {
            divergence = new ReplayDivergence(shardId, dispatchIndex, describeExpected(), "none");
        }
    }

    /**
     * @param complete true if the journal was read to its end, or to the END block of a closed journal.
     */
    private void finish(final boolean complete)
    {
        if (!complete)
        {
            // The damage may have cut the last input's dispatches short: its re-execution could not be compared.
            pendingKind = null;
        }
        final boolean cut = complete && beyondUntil && null != core;
        executePending(cut);
        if (cut)
        {
            stateTime = Math.max(stateTime, until); // the clock goes to until, whether or not anything is due then
        }
        if (cut && null == divergence && core.wheel().now() < until)
        {
            advancedToUntil = core.advance(until) > 0;
        }
        if (complete && null == divergence && count > 0)
        {
            divergence = new ReplayDivergence(shardId, dispatchIndex, describeExpected(), "none");
        }
    }

    @Override
    public void onDispatch(final Event event, final boolean failed)
    {
        if (!verify)
        {
            return;
        }
        if (null != divergence)
        {
            return;
        }
        if (0 == count)
        {
            divergence = new ReplayDivergence(shardId, dispatchIndex, "none", describe(event, failed));
            return;
        }
        final long[] e = expected;
        final int i = head * FIELDS;
        if (e[i] != event.time() || e[i + 1] != event.seq() || e[i + 2] != event.type() ||
            e[i + 3] != event.target() || e[i + 4] != event.a0() || e[i + 5] != event.a1() ||
            e[i + 6] != event.a2() || e[i + 7] != event.a3() || (e[i + 8] != 0) != failed)
        {
            divergence = new ReplayDivergence(shardId, dispatchIndex, describeExpected(), describe(event, failed));
            return;
        }
        head = (head + 1) & slotMask;
        count--;
        dispatchIndex++;
    }

    private void enqueue(final JournalRecord record)
    {
        if (count > slotMask)
        {
            growSlowPath();
        }
        final int i = ((head + count) & slotMask) * FIELDS;
        final long[] e = expected;
        e[i] = record.time();
        e[i + 1] = record.seq();
        e[i + 2] = record.type();
        e[i + 3] = record.target();
        e[i + 4] = record.a0();
        e[i + 5] = record.a1();
        e[i + 6] = record.a2();
        e[i + 7] = record.a3();
        e[i + 8] = record.failed() ? 1 : 0;
        count++;
    }

    private void growSlowPath()
    {
        final long[] grown = new long[expected.length * 2];
        for (int n = 0; n < count; n++)
        {
            System.arraycopy(expected, ((head + n) & slotMask) * FIELDS, grown, n * FIELDS, FIELDS);
        }
        expected = grown;
        slotMask = 2 * slotMask + 1;
        head = 0;
    }

    private String describeExpected()
    {
        final int i = head * FIELDS;
        final long[] e = expected;
        return "{time=" + e[i] + " seq=" + e[i + 1] + " type=" + e[i + 2] + " target=" + e[i + 3] +
            " a=[" + e[i + 4] + "," + e[i + 5] + "," + e[i + 6] + "," + e[i + 7] + "] failed=" + (e[i + 8] != 0) + "}";
    }

    private static String describe(final Event event, final boolean failed)
    {
        return "{time=" + event.time() + " seq=" + event.seq() + " type=" + event.type() + " target=" +
            event.target() + " a=[" + event.a0() + "," + event.a1() + "," + event.a2() + "," + event.a3() +
            "] failed=" + failed + "}";
    }
}
