/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * {@link JournalWriter} on a Chronicle {@link SingleChronicleQueue}: one block per document, a header block first in
 * every cycle file, a {@link JournalMaintenance} thread pre-faulting pages ahead and applying retention.
 * Not threadsafe.
 */
final class ChronicleJournalWriter implements JournalWriter
{
    private static final int OPEN = 0;
    private static final int FAILED = 1;
    private static final int CLOSED = 2;

    /** {@link #writeBlock(byte)}: only the header block of a new cycle file, if one is due. */
    private static final byte NO_BLOCK = 0;

    /** Opens the files and directories forced per {@link FsyncPolicy}; tests replace it with failing ones. */
    static volatile FileForce.Opener forceableOpener = FileForce::open;

    private final JournalConfig config;
    private final Path directory;
    private final JournalHeader header;
    private final int formatVersion;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final BlockEncoder encoder;
    private final UnsafeBuffer headerBuffer;
    private final ByteBuffer headerView;
    private final BytesStore<?, ?> headerStore;
    private final CRC32C headerCrc = new CRC32C();
    private final JournalMaintenance maintenance;
    private final boolean syncEachBlock;
    private final boolean inputDispatched;
    private final List<Path> writtenFiles = new ArrayList<>();
    /** {@link FsyncPolicy#PER_BLOCK}: the file being written, held open to force each block. */
    private FileForce.Forceable blockFile;
    private Path blockFilePath;

    private int state = OPEN;
    private JournalWriteException failure;
    private JournalOutOfSpaceException outOfSpace;
    private int lastCycle = Integer.MIN_VALUE;

    /** While not {@link Long#MIN_VALUE}, the time Chronicle is given instead of the clock's: see {@link #close()}. */
    private volatile long pinnedMillis = Long.MIN_VALUE;
    /** The latest time given to Chronicle (which asks on the appending thread): see {@link #queueMillis()}. */
    private long queueMillis = Long.MIN_VALUE;
    private Wire lastWire;
    private long nextBlockIndex;
    private long recordCount;
    private long bytesWritten;
    /** {@link #bytesWritten} as told to {@link JournalMaintenance#wrote(long)}. */
    private long bytesReported;

    ChronicleJournalWriter(final JournalConfig config, final JournalHeader header, final int formatVersion)
    {
        this(config, header, formatVersion, BlockEncoder.PROBE_EVENTS);
    }

    /**
     * @param probeEvents events the encoder plans a layout of PACKED records from (tests use fewer than the default).
     */
    ChronicleJournalWriter(
        final JournalConfig config, final JournalHeader header, final int formatVersion, final int probeEvents)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.directory = config.directory();
        this.header = Objects.requireNonNull(header, "header");
        this.formatVersion = formatVersion;
        this.syncEachBlock = config.fsyncPolicy() == FsyncPolicy.PER_BLOCK;
        checkNoJournal(directory);
        createDirectory(directory);

        encoder = new BlockEncoder(
            config.blockBytes(), config.maxRecordsPerBlock(), header.startTime(), -1L, formatVersion, config.packed(),
            probeEvents);
        inputDispatched =
            formatVersion >= JournalDescriptor.INPUT_DISPATCHED_VERSION && config.maxRecordsPerBlock() >= 2;
        final ByteBuffer headerByteBuffer = BufferUtil.allocateDirectAligned(
            org.agrona.BitUtil.align(JournalDescriptor.MAX_HEADER_BLOCK_LENGTH, 64), 64).order(ByteOrder.LITTLE_ENDIAN);
        headerBuffer = new UnsafeBuffer(headerByteBuffer);
        headerView = headerByteBuffer.duplicate();
        headerStore = BytesStore.wrap(headerByteBuffer);

        maintenance = new JournalMaintenance(config);
        SingleChronicleQueue queue = null;
        try
        {
            queue = SingleChronicleQueueBuilder.binary(directory)
                .blockSize(config.chunkBytes())
                .rollCycle(config.rollCycle().chronicle())
                .timeProvider(this::queueMillis)
                .storeFileListener(maintenance)
                // Chronicle's msync (MS_ASYNC by default, a no-op on Linux) is not used: PER_BLOCK forces blocks
                // itself, since Chronicle's msync only logs a failure and covers one chunk of a block that spans two
                .syncMode(MappedFile.DEFAULT_SYNC_MODE)
                .build();
            this.queue = queue;
            if (queue.metaStore().readOnly())
            {
                throw tableFileProblem(directory);
            }
            this.appender = queue.createAppender();
            // Chronicle's appender takes the first thread that writes (here the opening thread, with the header
            // block) as its only one and refuses any other while that thread lives. This writer is handed on like
            // any object that is not threadsafe: one thread at a time, each after the last (see JournalWriter)
            appender.singleThreadedCheckDisabled(true);
        }
        catch (final Exception | InternalError ex)
        {
            // Chronicle throws IOException undeclared, e.g. a cycle file it cannot create
            if (null != queue)
            {
                queue.close();
            }
            throw new JournalWriteException(directory, "cannot create queue", ex);
        }
        checkRollCycle(queue, config);
        maintenance.start();
        try
        {
            writeBlock(NO_BLOCK);
        }
        catch (final JournalWriteException | AnotherWriterException ex)
        {
            closeBlockFile();
            maintenance.close();
            appender.close();
            queue.close();
            throw ex;
        }
    }

    /**
     * Chronicle opens a queue read-only when it cannot create its table file ({@code metadata.cq4t}: no inode left on
     * the file system, a directory this user may not write), saying why only in a warning; its appender then refused
     * with "Can't append to a read-only chronicle", which names neither the file nor the cause.
     *
     * @return why the table file cannot be created, as the file system refuses a file made beside it now.
     */
    private static IOException tableFileProblem(final Path directory)
    {
        final Path table = directory.resolve(SingleChronicleQueue.QUEUE_METADATA_FILE);
        try
        {
            Files.delete(Files.createTempFile(directory, SingleChronicleQueue.QUEUE_METADATA_FILE + ".", ".probe"));
        }
        catch (final IOException ex)
        {
            final String reason = ex instanceof AccessDeniedException ? "permission denied" :
                ex instanceof FileSystemException && null != ((FileSystemException)ex).getReason() ?
                ((FileSystemException)ex).getReason() : ex.toString();
            return new IOException("its table file " + table + " cannot be created: " + reason, ex);
        }
        return new IOException("its table file " + table + " could not be created, so Chronicle opened the queue " +
            "read-only");
    }

    /**
     * The time Chronicle picks the cycle from: never earlier than it was. A wall clock stepped back over a cycle
     * boundary (NTP, a VM's clock correction) would send Chronicle back to the cycle file it has just closed, where it
     * cannot write ({@code WriteAfterEOFException}): the run would fail.
     */
    private long queueMillis()
    {
        final long pinned = pinnedMillis;
        if (Long.MIN_VALUE != pinned)
        {
            return pinned;
        }
        final long now = config.epochMillisClock().getAsLong();
        if (now > queueMillis)
        {
            queueMillis = now;
        }
        return queueMillis;
    }

    private static void checkNoJournal(final Path directory)
    {
        if (Files.isDirectory(directory))
        {
            try (var files = Files.list(directory))
            {
                final long cycleFiles = files.filter(JournalFiles::isCycleFile).count();
                if (cycleFiles > 0)
                {
                    throw new IllegalStateException("journal already exists: dir=" + directory + " cycleFiles=" +
                        cycleFiles + " (a journal records one run; open a new directory)");
                }
            }
            catch (final IOException ex)
            {
                throw new JournalWriteException(directory, "cannot list directory", ex);
            }
        }
    }

    /**
     * Make the journal directory, as Chronicle would, but say why when it cannot be, or cannot be written in: Chronicle
     * opens such a directory as a read-only queue and then refuses to append with "Can't append to a read-only
     * chronicle" (a file in the way of a parent), or "Invalid file type" (a file of the directory's name), which name
     * neither the file in the way nor the directory.
     */
    private static void createDirectory(final Path directory)
    {
        for (Path ancestor = directory.toAbsolutePath(); null != ancestor; ancestor = ancestor.getParent())
        {
            if (Files.exists(ancestor))
            {
                if (!Files.isDirectory(ancestor))
                {
                    throw new JournalWriteException(directory, "cannot create the journal directory: " +
                        (ancestor.equals(directory.toAbsolutePath()) ? "it is" : ancestor + " is") +
                        " a file, not a directory", null);
                }
                break;
            }
        }
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new JournalWriteException(directory, "cannot create the journal directory", ex);
        }
        if (!Files.isWritable(directory))
        {
            throw new JournalWriteException(directory, "cannot write in the journal directory (its permissions)", null);
        }
    }

    /**
     * Chronicle takes the roll cycle of a {@code metadata.cq4t} already in the directory over the configured one,
     * without a word: one left by an earlier journal whose cycle files are gone (checkNoJournal found none) would
     * have this journal written in the earlier one's cycle files.
     */
    private static void checkRollCycle(final SingleChronicleQueue queue, final JournalConfig config)
    {
        final RollCycle configured = config.rollCycle().chronicle();
        final RollCycle found = queue.rollCycle();
        if (found.lengthInMillis() != configured.lengthInMillis() || !found.format().equals(configured.format()))
        {
            queue.close();
            String name = found.toString();
            for (final JournalRollCycle cycle : JournalRollCycle.values())
            {
                if (cycle.chronicle().lengthInMillis() == found.lengthInMillis() &&
                    cycle.chronicle().format().equals(found.format()))
                {
                    name = cycle.name();
                }
            }
            throw new IllegalStateException("journal directory holds the metadata.cq4t of an earlier journal, of " +
                "roll cycle " + name + ", without its cycle files: a journal of roll cycle " + config.rollCycle() +
                " cannot be written there (remove metadata.cq4t or open a new directory): dir=" + config.directory());
        }
    }

    @Override
    public void appendInput(
        final long time, final int type, final long target, final long a0, final long a1, final long a2, final long a3)
    {
        final BlockEncoder encoder = this.encoder;
        if (!encoder.hasRoom())
        {
            flushFullSlowPath();
        }
        encoder.input(time, type, target, a0, a1, a2, a3);
        recordCount++;
    }

    @Override
    public void appendAdvance(final long time)
    {
        final BlockEncoder encoder = this.encoder;
        if (!encoder.hasRoom())
        {
            flushFullSlowPath();
        }
        encoder.advance(time);
        recordCount++;
    }

    @Override
    public void appendDispatch(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final boolean failed)
    {
        final BlockEncoder encoder = this.encoder;
        if (!encoder.hasRoom())
        {
            flushFullSlowPath();
        }
        encoder.dispatch(time, seq, type, target, a0, a1, a2, a3, failed);
        recordCount++;
    }

    @Override
    public void appendInputAndDispatch(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final boolean failed)
    {
        final BlockEncoder encoder = this.encoder;
        if (!inputDispatched || !encoder.hasRoomForPair())
        {
            appendInputAndDispatchSlowPath(time, seq, type, target, a0, a1, a2, a3, failed);
            return;
        }
        encoder.inputAndDispatch(time, seq, type, target, a0, a1, a2, a3, failed);
        recordCount += 2;
    }

    /**
     * The block is full, or this journal's version or block size has no room for INPUT_DISPATCHED: write the pair.
     */
    private void appendInputAndDispatchSlowPath(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final boolean failed)
    {
        if (!inputDispatched)
        {
            appendInput(time, type, target, a0, a1, a2, a3);
            appendDispatch(time, seq, type, target, a0, a1, a2, a3, failed);
            return;
        }
        flushFullSlowPath();
        encoder.inputAndDispatch(time, seq, type, target, a0, a1, a2, a3, failed);
        recordCount += 2;
    }

    /**
     * @return inputs dispatched at once that were written as PACKED records.
     */
    long packedEvents()
    {
        return encoder.packedEvents();
    }

    @Override
    public void appendSnapshot(final long snapshotId, final long time)
    {
        final BlockEncoder encoder = this.encoder;
        if (!encoder.hasRoom())
        {
            flushFullSlowPath();
        }
        encoder.snapshot(snapshotId, time);
        recordCount++;
    }

    @Override
    public void discardUnit()
    {
        if (OPEN != state)
        {
            return; // close() writes nothing more
        }
        final int records = encoder.recordCount();
        if (encoder.discardUnit())
        {
            recordCount -= records - encoder.recordCount();
            return;
        }
        fail("the records of an input or advance whose dispatches were cut short began in a block written " +
            "already; block=" + nextBlockIndex + " and the end block are not written", null);
    }

    @Override
    public void flush()
    {
        checkOpen();
        if (!encoder.isEmpty())
        {
            writeBlock(JournalDescriptor.BLOCK_KIND_DATA);
            encoder.reset();
        }
    }

    private void flushFullSlowPath()
    {
        checkOpen();
        writeBlock(JournalDescriptor.BLOCK_KIND_DATA);
        encoder.reset();
    }

    private void checkOpen()
    {
        if (OPEN != state)
        {
            if (FAILED == state)
            {
                throw new JournalWriteException(directory, "writer failed earlier", failure);
            }
            throw new IllegalStateException("journal writer closed: dir=" + directory);
        }
    }

    /**
     * Write the encoder's data block, or an END block, or nothing ({@link #NO_BLOCK}), preceded by a header block
     * whenever the document opens a new cycle file.
     */
    private void writeBlock(final byte kind)
    {
        final IOException writeBackFailure = maintenance.writeBackFailure();
        if (null != writeBackFailure)
        {
            throw fail("journal data failed to reach its device; block=" + nextBlockIndex + " not written",
                writeBackFailure);
        }
        final long minFree = config.minFreeBytes();
        if (minFree > 0 && JournalDescriptor.BLOCK_KIND_END != kind)
        {
            final long usable = maintenance.usableBytes();
            if (usable < minFree)
            {
                onLowSpaceSlowPath(minFree, usable); // the figure checked, not a later sample's
            }
        }
        // The block being written and the bytes before it: a write that fails names it and leaves it uncounted. A
        // mapped write to a full disk faults (SIGBUS), and the JVM raises the fault of compiled code late, at the
        // thread's next check: after the write returned and the block was counted, so the counts are taken back.
        long writing = nextBlockIndex;
        long bytesBefore = bytesWritten;
        try
        {
            final ExcerptAppender appender = this.appender;
            DocumentContext context = appender.writingDocument();
            try
            {
                while (appender.cycle() != lastCycle)
                {
                    if (Integer.MIN_VALUE == lastCycle)
                    {
                        checkFirstDocument(context);
                    }
                    lastCycle = appender.cycle();
                    writeHeaderBlock(context);
                    context.close();
                    writing = nextBlockIndex;
                    bytesBefore = bytesWritten;
                    context = appender.writingDocument();
                }
                if (NO_BLOCK == kind)
                {
                    context.rollbackOnClose();
                }
                else
                {
                    final int length = JournalDescriptor.BLOCK_KIND_END == kind ?
                        encoder.finishEnd(nextBlockIndex++, recordCount) : encoder.finish(nextBlockIndex++);
                    context.wire().bytes().write(encoder.array(), 0, length);
                    bytesWritten += length;
                }
            }
            catch (final Exception | InternalError ex)
            {
                context.rollbackOnClose();
                throw ex;
            }
            finally
            {
                context.close();
            }
            afterWrite(appender);
        }
        catch (final JournalWriteException | AnotherWriterException ex)
        {
            // a block forced in vain (PER_BLOCK): the writer has failed already, with its own message; another writer
            // wrote first: the open fails as on a journal that exists
            throw ex;
        }
        catch (final Exception | InternalError ex) // an undeclared IOException too: a roll's new cycle file, see above
        {
            nextBlockIndex = writing;
            bytesWritten = bytesBefore;
            throw fail("cannot write block=" + writing + " kind=" + kind, ex);
        }
    }

    /**
     * The journal's first document, written holding the queue's write lock, must be its cycle file's first: another
     * writer opened on the directory at the same time (both found no cycle file) has written before it otherwise.
     */
    private void checkFirstDocument(final DocumentContext context)
    {
        final long sequence = queue.rollCycle().toSequenceNumber(context.index());
        if (0 != sequence)
        {
            context.rollbackOnClose();
            throw new AnotherWriterException("journal already exists: dir=" + directory + " (another writer opened " +
                "it at the same time and wrote " + sequence + " document(s) first; a journal records one run)");
        }
    }

    /**
     * {@link #checkFirstDocument(DocumentContext)}: the open fails as on a journal that exists, not as a failed write.
     */
    private static final class AnotherWriterException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        AnotherWriterException(final String message)
        {
            super(message);
        }
    }

    /**
     * Below the floor a block is still written, into the reserve, and the writer says it is out of space; below the
     * hard floor it is refused and the writer fails.
     */
    private void onLowSpaceSlowPath(final long minFree, final long usable)
    {
        if (usable < config.hardFloorBytes())
        {
            throw fail("file system nearly full: usableBytes=" + usable + " (the last sample less what the journal " +
                "writers wrote since) < " + config.hardFloorBytes() +
                " (a quarter of minFreeBytes=" + minFree + ", the reserve for what was accepted before the journal " +
                "ran out of space); block=" + nextBlockIndex + " not written", null);
        }
        if (null == outOfSpace)
        {
            outOfSpace = new JournalOutOfSpaceException(
                directory, usable, minFree, nextBlockIndex, config.hardFloorBytes());
        }
    }

    /**
     * The header block carries the clock and seq before the cycle file's first data block: the pending block's base,
     * which is where the last block written ended, not where the records already in the pending block have taken them.
     */
    private void writeHeaderBlock(final DocumentContext context)
    {
        final int length = HeaderCodec.encode(
            headerBuffer, headerView, headerCrc, nextBlockIndex++, encoder.baseTime(), encoder.baseSeq(), header,
            formatVersion);
        context.wire().bytes().write(headerStore, 0L, length);
        bytesWritten += length;
    }

    private void afterWrite(final ExcerptAppender appender)
    {
        final Wire wire = appender.wire();
        if (wire != lastWire)
        {
            onNewWireSlowPath(appender, wire);
        }
        if (syncEachBlock)
        {
            forceBlock();
        }
        maintenance.writePosition(wire.bytes().writePosition());
        maintenance.wrote(bytesWritten - bytesReported);
        bytesReported = bytesWritten;
    }

    private void onNewWireSlowPath(final ExcerptAppender appender, final Wire wire)
    {
        lastWire = wire;
        final File file = appender.currentFile();
        if (null != file)
        {
            writtenFiles.add(file.toPath());
            if (syncEachBlock)
            {
                openBlockFile(file.toPath());
            }
        }
        final Bytes<?> bytes = wire.bytes();
        maintenance.currentFile(bytes instanceof MappedBytes ? ((MappedBytes)bytes).mappedFile() : null,
            null == file ? null : file.toPath(), bytes.writePosition());
    }

    /**
     * PER_BLOCK: a new cycle file. The finished one is forced once more (Chronicle ended it with its end-of-file
     * marker), then the directory, which holds the new file's entry (and, for the first file, the directory's parent,
     * which holds the directory's).
     */
    private void openBlockFile(final Path path)
    {
        try
        {
            final boolean first = null == blockFile;
            if (!first)
            {
                blockFile.force(false);
                closeBlockFile();
            }
            blockFilePath = path;
            blockFile = forceableOpener.open(path);
            forceDirectory(first);
        }
        catch (final IOException ex)
        {
            throw fail("cannot force cycle file=" + path + " and its directory to their device (fsync policy " +
                "PER_BLOCK); block=" + (nextBlockIndex - 1) + " was written but may not be on the device", ex);
        }
    }

    private void forceBlock()
    {
        try
        {
            blockFile.force(false);
        }
        catch (final IOException ex)
        {
            throw fail("cannot force block=" + (nextBlockIndex - 1) + " of file=" + blockFilePath +
                " to its device (fsync policy PER_BLOCK); it was written but may not be on the device", ex);
        }
    }

    private void closeBlockFile()
    {
        final FileForce.Forceable file = blockFile;
        blockFile = null;
        if (null != file)
        {
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                // forced already (or failing for that reason): closing a read-only descriptor loses nothing
            }
        }
    }

    /**
     * Force the journal's directory, whose entries are its files, and with {@code parent} the directory holding it,
     * whose entry is the journal's directory ({@link FileForce#force(Path, FileForce.Opener)}).
     */
    private void forceDirectory(final boolean parent) throws IOException
    {
        FileForce.force(directory, forceableOpener);
        final Path holder = directory.toAbsolutePath().getParent();
        if (parent && null != holder)
        {
            FileForce.force(holder, forceableOpener);
        }
    }

    private JournalWriteException fail(final String message, final Throwable cause)
    {
        state = FAILED;
        failure = new JournalWriteException(directory, message, cause);
        encoder.refuseAppends(); // the appends' slow path throws it from now on, not only once the block is full
        return failure;
    }

    JournalMaintenance maintenance()
    {
        return maintenance;
    }

    @Override
    public long recordCount()
    {
        return recordCount;
    }

    @Override
    public long blockCount()
    {
        return nextBlockIndex;
    }

    @Override
    public long bytesWritten()
    {
        return bytesWritten;
    }

    @Override
    public JournalOutOfSpaceException outOfSpace()
    {
        return outOfSpace;
    }

    @Override
    public Throwable backgroundError()
    {
        return maintenance.lastError();
    }

    @Override
    public void close()
    {
        if (CLOSED == state)
        {
            return;
        }
        JournalWriteException error = null;
        final boolean wasOpen = OPEN == state;
        try
        {
            if (wasOpen)
            {
                flush();
                if (formatVersion >= JournalDescriptor.END_BLOCK_VERSION)
                {
                    // The END block goes into the cycle file of the last block, even if the clock has moved into
                    // the next cycle: closing must not open a cycle file (a header and the END block) of its own.
                    pinnedMillis = queue.epoch() + (long)lastCycle * queue.rollCycle().lengthInMillis();
                    writeBlock(JournalDescriptor.BLOCK_KIND_END);
                }
            }
        }
        catch (final JournalWriteException ex)
        {
            error = ex;
        }
        finally
        {
            state = CLOSED;
            encoder.refuseAppends(); // the appends' slow path refuses them from now on
            closeBlockFile();
            maintenance.close();
            try
            {
                appender.close();
                queue.close();
            }
            catch (final RuntimeException ex)
            {
                if (null == error)
                {
                    error = new JournalWriteException(directory, "cannot close queue", ex);
                }
            }
        }
        final IOException writeBackFailure = maintenance.writeBackFailure(); // seen up to the thread's last check
        if (wasOpen && null == error && null != writeBackFailure)
        {
            error = new JournalWriteException(directory, "journal data failed to reach its device", writeBackFailure);
        }
        if (wasOpen && null == error)
        {
            error = writtenFileGone();
        }
        if (config.fsyncPolicy() == FsyncPolicy.ON_CLOSE)
        {
            try
            {
                forceFiles();
            }
            catch (final JournalWriteException ex)
            {
                if (null == error)
                {
                    error = ex;
                }
            }
        }
        maintenance.applyRetention(null);
        if (null != error)
        {
            throw error;
        }
    }

    /**
     * A cycle file written is no longer where it was written, and retention did not delete it: it, or its directory,
     * was deleted or moved while the journal was written. The writes through its mapping went on without error, into
     * a file no longer in the journal directory (and Chronicle makes a deleted directory anew for the next cycle file).
     *
     * @return that failure, naming the first such file, or null if every file is there or was deleted by retention.
     */
    private JournalWriteException writtenFileGone()
    {
        for (final Path file : writtenFiles)
        {
            if (!Files.exists(file) && !maintenance.deletedByRetention(file))
            {
                return new JournalWriteException(directory, "cycle file=" + file + " is gone: it or its directory " +
                    "was deleted or moved while the journal was written, so its blocks are not in the journal " +
                    "directory", null);
            }
        }
        return null;
    }

    /**
     * ON_CLOSE: every cycle file written (that retention has not deleted), then the directory holding their entries and
     * its parent, which holds the directory's.
     */
    private void forceFiles()
    {
        for (final Path file : writtenFiles)
        {
            if (Files.exists(file))
            {
                try
                {
                    FileForce.force(file, forceableOpener);
                }
                catch (final IOException ex)
                {
                    throw new JournalWriteException(
                        directory, "cannot force file=" + file + " to its device (fsync policy ON_CLOSE)", ex);
                }
            }
        }
        try
        {
            forceDirectory(true);
        }
        catch (final IOException ex)
        {
            throw new JournalWriteException(
                directory, "cannot force the directory or its parent to their device (fsync policy ON_CLOSE)", ex);
        }
    }

    @Override
    public String toString()
    {
        return "ChronicleJournalWriter{dir=" + directory + ", records=" + recordCount + ", blocks=" + nextBlockIndex +
            ", bytes=" + bytesWritten + '}';
    }
}
