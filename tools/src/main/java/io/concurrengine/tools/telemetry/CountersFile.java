package io.concurrengine.tools.telemetry;

import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.Plural;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

import static io.concurrengine.tools.telemetry.CountersFileDescriptor.FINISH_TIME_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.HEADER_LENGTH;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.HEARTBEAT_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.MAGIC;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.MAGIC_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.METADATA_LENGTH_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.PID_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.START_TIME_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.STATUS_FINISHED;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.STATUS_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.STATUS_RUNNING;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.VALUES_LENGTH_OFFSET;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.VERSION;
import static io.concurrengine.tools.telemetry.CountersFileDescriptor.VERSION_OFFSET;

/**
 * A memory-mapped counters file: the owner allocates and updates Agrona counters in it, any other process maps it
 * read-only and reads them live. See {@link CountersFileDescriptor} for the layout.
 * <p>
 * The owner's updates are single-writer release stores into the mapping (Agrona {@code AtomicCounter}); a reader's
 * acquire loads see them without any system call.
 */
public final class CountersFile implements AutoCloseable
{
    /** How much later than a file's creation its owner's process may seem to have started (see ownerAlive). */
    private static final long OWNER_START_SLACK_MILLIS = 1_000;
    /**
     * Numbers the files this process prepares, so that two prepared for one path (two engines embedded in one
     * process) have different temporary files.
     */
    private static final AtomicLong PREPARED = new AtomicLong();
    /** Most zeros written to a new file at a time ({@link #mapNewFile}). */
    private static final int ZEROS_LENGTH = 64 * 1024;

    private final Path path;
    private final Object fileKey;
    /** Where the file is until {@link #publish()}, or null once it is at {@link #path}. */
    private Path temp;
    private final MappedByteBuffer mapping;
    /** A reader's channel of the file it mapped, open until {@link #close()}, for its length; null for the owner. */
    private final FileChannel channel;
    /** The length the header gave the file as it was opened to read; 0 for the owner. */
    private final long length;
    private final UnsafeBuffer header;
    private final CountersManager manager;
    private final CountersReader reader;
    /** Epoch milliseconds when the owner's values became final ({@link #markValuesFinal()}), or 0: not recorded. */
    private long valuesFinalMillis;

    private CountersFile(
        final Path path, final Path temp, final MappedByteBuffer mapping, final boolean owner, final Object fileKey)
    {
        this(path, temp, mapping, owner, fileKey, null, 0);
    }

    private CountersFile(
        final Path path,
        final Path temp,
        final MappedByteBuffer mapping,
        final boolean owner,
        final Object fileKey,
        final FileChannel channel,
        final long length)
    {
        this.path = path;
        this.temp = temp;
        this.fileKey = fileKey;
        this.mapping = mapping;
        this.channel = channel;
        this.length = length;
        this.header = new UnsafeBuffer(mapping, 0, HEADER_LENGTH);
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        final UnsafeBuffer metadata = new UnsafeBuffer(mapping, HEADER_LENGTH, metadataLength);
        final UnsafeBuffer values = new UnsafeBuffer(mapping, HEADER_LENGTH + metadataLength, valuesLength);
        this.manager = owner ? new CountersManager(metadata, values) : null;
        this.reader = owner ? manager : new CountersReader(metadata, values);
    }

    /**
     * Create a counters file, or replace an earlier run's, and take ownership of it: {@link #prepare(Path, int)} then
     * {@link #publish()}.
     *
     * @param path     the file.
     * @param counters counters it has room for.
     * @return the file, status RUNNING.
     * @throws IOException if the file cannot be created, or the path holds something it may not replace.
     */
    public static CountersFile create(final Path path, final int counters) throws IOException
    {
        final CountersFile file = prepare(path, counters);
        try
        {
            file.publish();
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                file.discard();
            }
            catch (final IOException | RuntimeException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        return file;
    }

    /**
     * Create a counters file beside {@code path} and take ownership of it, leaving what is at the path (an earlier
     * run's file) where it is until {@link #publish()}: a run refused before it starts {@link #discard()}s the new
     * file and leaves the earlier one as it was. Anything at the path that this file may not replace (a file that is
     * not a counters file, a directory, the counters file of an engine still running) is refused now and left as it
     * is.
     *
     * @param path     the file.
     * @param counters counters it has room for.
     * @return the file, status RUNNING, not yet at the path.
     * @throws IOException if the file cannot be created, or the path holds something it may not replace.
     */
    public static CountersFile prepare(final Path path, final int counters) throws IOException
    {
        final Path parent = path.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        checkReplaceable(path);
        // Written whole beside the path, then renamed over it by publish(): a reader (stat) finds at the path the
        // earlier run's file or this one with its header complete, never a file still empty, zero or half written.
        final Path temp = path.toAbsolutePath().resolveSibling(
            path.getFileName() + "." + ProcessHandle.current().pid() + "." + PREPARED.incrementAndGet() + ".tmp");
        deleteTempFilesOfDeadProcesses(path.toAbsolutePath());
        Files.deleteIfExists(temp);
        MappedByteBuffer mapping = null;
        final Object fileKey;
        try
        {
            mapping = mapNewFile(temp, CountersFileDescriptor.fileLength(counters));
            final UnsafeBuffer header = new UnsafeBuffer(mapping, 0, HEADER_LENGTH);
            header.putInt(VERSION_OFFSET, VERSION);
            header.putInt(METADATA_LENGTH_OFFSET, CountersFileDescriptor.metadataLength(counters));
            header.putInt(VALUES_LENGTH_OFFSET, CountersFileDescriptor.valuesLength(counters));
            header.putLong(PID_OFFSET, ProcessHandle.current().pid());
            header.putLong(START_TIME_OFFSET, System.currentTimeMillis());
            header.putIntRelease(STATUS_OFFSET, STATUS_RUNNING);
            // The magic goes last: a reader that sees it sees a complete header (release pairs with open's acquire).
            header.putIntRelease(MAGIC_OFFSET, MAGIC);
            fileKey = fileKey(temp); // the same file once renamed
        }
        catch (final IOException | RuntimeException ex)
        {
            if (null != mapping)
            {
                IoUtil.unmap(mapping);
            }
            Files.deleteIfExists(temp);
            throw ex;
        }
        return new CountersFile(path, temp, mapping, true, fileKey);
    }

    /**
     * Create a file of zeros and map it to read and write. The zeros are written through a channel, so that a file
     * system with no room for them says so here (an {@code IOException}, "No space left on device"): written through
     * the mapping, as Agrona's {@code IoUtil.mapNewFile} writes them, a page it has no room for faults (SIGBUS), an
     * {@code InternalError} the run took for a bug, leaving the file behind. The owner's writes then land in pages
     * the file system has given.
     *
     * @param file   the file, which must not exist.
     * @param length its length in bytes.
     * @return the mapping of the whole file.
     * @throws IOException if it exists, or cannot be created, written or mapped.
     */
    private static MappedByteBuffer mapNewFile(final Path file, final int length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer zeros = ByteBuffer.allocate(Math.min(length, ZEROS_LENGTH));
            long position = 0;
            while (position < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - position));
                position += channel.write(zeros, position);
            }
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
    }

    /**
     * Move a {@link #prepare(Path, int) prepared} file over what is at its path, atomically; nothing if it is there
     * already. What is there is checked again, as {@link #prepare(Path, int)} checked it: another engine may have put
     * its file there since (one that started while this one warmed up), and the file of an engine still running is
     * left as it is, not replaced.
     *
     * @throws IOException if it cannot be moved, or the path holds something it may not replace; it is then still
     *                     beside the path, for {@link #discard()}.
     * @throws IllegalStateException if this file was opened to read.
     */
    public void publish() throws IOException
    {
        checkWritable();
        if (null != temp)
        {
            checkReplaceable(path);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
        }
    }

    /**
     * @param pid a process id.
     * @return true if that process runs, as far as this process can see (not one in another PID namespace, nor a
     * zombie).
     */
    private static boolean alive(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !ended(pid);
    }

    /**
     * @param pid a process id.
     * @return true if Linux says that process has ended but its parent has not reaped it yet (a zombie, state Z, or
     * dead, X, in {@code /proc/PID/stat}), which {@link ProcessHandle#isAlive()} counts alive: a run killed under a
     * parent that does not wait for it (a harness, a shell as a container's PID 1) stays so until the parent does.
     * False where that file cannot be read.
     */
    private static boolean ended(final long pid)
    {
        try
        {
            // Latin-1: every byte is a character, a name's bytes of another encoding included
            final String stat =
                Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            // "pid (name) state ...": the name may hold spaces and parentheses, so the state follows the last ')'
            final int state = stat.lastIndexOf(')') + 2;
            return state > 1 && state < stat.length() && ('Z' == stat.charAt(state) || 'X' == stat.charAt(state));
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * @param pid             the owner's process id, from a counters file.
     * @param startTimeMillis when the owner created the file, epoch ms, from the same file.
     * @return true if that process runs and started before the file was created: a process that started after it has
     * the pid of an owner that died (a container's PID 1, restarted on the same data directory, has its own), and
     * the file is stale. A start time the platform does not give counts as before. A zombie has ended ({@link
     * #ended}).
     */
    private static boolean ownerAlive(final long pid, final long startTimeMillis)
    {
        final ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (null == process || !process.isAlive() || ended(pid))
        {
            return false;
        }
        // the slack covers the start time's precision: Linux gives it from the boot time, in whole seconds
        return process.info().startInstant()
            .map((started) -> started.toEpochMilli() <= startTimeMillis + OWNER_START_SLACK_MILLIS)
            .orElse(true);
    }

    /**
     * Delete the {@code <name>.<pid>.<n>.tmp} files (and {@code <name>.<pid>.tmp}, as earlier versions named them)
     * beside {@code path} that an engine killed while it created its counters file left behind: those whose process
     * is gone. One of a live process is left alone (it is creating its file now).
     */
    private static void deleteTempFilesOfDeadProcesses(final Path path) throws IOException
    {
        final Path parent = path.getParent();
        final String prefix = path.getFileName() + ".";
        // a filter, not a glob: the file's own name may hold glob characters
        try (java.nio.file.DirectoryStream<Path> siblings = Files.newDirectoryStream(parent,
            sibling -> sibling.getFileName().toString().startsWith(prefix) &&
                sibling.getFileName().toString().endsWith(".tmp") &&
                sibling.getFileName().toString().length() > prefix.length() + ".tmp".length()))
        {
            for (final Path sibling : siblings)
            {
                final String name = sibling.getFileName().toString();
                final String middle = name.substring(prefix.length(), name.length() - ".tmp".length());
                final int dot = middle.indexOf('.');
                final String pid = dot < 0 ? middle : middle.substring(0, dot);
                final String number = dot < 0 ? "0" : middle.substring(dot + 1);
                if (digits(number) && digits(pid) && pid.length() <= 18 && !alive(Long.parseLong(pid)) &&
                    Files.isRegularFile(sibling, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }

    /**
     * @param text some text.
     * @return true if it is one or more decimal digits.
     */
    private static boolean digits(final String text)
    {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * @param path a path.
     * @throws IOException unless nothing is there or it is a counters file (of any version) whose engine is not
     *                     running.
     */
    private static void checkReplaceable(final Path path) throws IOException
    {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        if (Files.isSymbolicLink(path))
        {
            // the run's file is renamed over the path: a link would be replaced, not written through
            throw new IOException(path + " is a symbolic link (to " + Files.readSymbolicLink(path) + "), not a " +
                "file: refusing to replace it (give the path of the file itself)");
        }
        if (!Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            throw new IOException(path + " is " + (Files.isDirectory(path) ? "a directory" : FileKind.describe(path)) +
                ", not a file: refusing to replace it");
        }
        final java.nio.ByteBuffer header =
            java.nio.ByteBuffer.allocate(HEADER_LENGTH).order(java.nio.ByteOrder.nativeOrder());
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path))
        {
            while (header.hasRemaining() && channel.read(header) >= 0)
            {
                // read the header, or all there is
            }
        }
        if (header.hasRemaining() || header.getInt(MAGIC_OFFSET) != MAGIC)
        {
            throw new IOException(path + " exists and is not a counters file: refusing to replace it");
        }
        final long pid = header.getLong(PID_OFFSET);
        if (header.getInt(STATUS_OFFSET) == STATUS_RUNNING &&
            ownerAlive(pid, header.getLong(START_TIME_OFFSET)))
        {
            throw new IOException(path + " is the counters file of an engine still running (pid " + pid + ")");
        }
    }

    /**
     * Map an existing counters file to read it.
     *
     * @param path the file.
     * @return the file, read-only.
     * @throws NotACountersFileException if the file is missing, not a regular file, too short, not a counters file, a
     *                                    counters file of another version, or truncated.
     * @throws IOException                if the file cannot be read.
     */
    public static CountersFile open(final Path path) throws IOException
    {
        if (!Files.isRegularFile(path))
        {
            if (Files.exists(path))
            {
                throw new NotACountersFileException("not a counters file: " + path + " is " +
                    (Files.isDirectory(path) ? "a directory" : FileKind.describe(path)));
            }
            final String inTheWay = IoProblems.inTheWay(path);
            if (null != inTheWay)
            {
                throw new NotACountersFileException("no counters file at " + path + ": " + inTheWay);
            }
            throw new NotACountersFileException("no counters file at " + path +
                " (is an engine running with counters on? a run writes it where telemetry.counters_file says, " +
                "data/counters.dat by default: give stat that path)");
        }
        // kept open while the file is read: its length tells a file cut short under the mapping (checkNotTruncated)
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try
        {
            return open(path, channel);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    private static CountersFile open(final Path path, final FileChannel channel) throws IOException
    {
        final long size = channel.size();
        if (size < HEADER_LENGTH)
        {
            throw new NotACountersFileException("not a counters file: " + path + " is " + Plural.of(size, "byte") +
                ", shorter than a counters file's " + HEADER_LENGTH + "-byte header");
        }
        // no more than one mapping holds (2 GiB), far more than any counters file: a larger file's header says what
        // it is not
        final MappedByteBuffer mapping =
            channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE));
        final UnsafeBuffer header = new UnsafeBuffer(mapping, 0, HEADER_LENGTH);
        final int magic = header.getIntAcquire(MAGIC_OFFSET);
        final int version = header.getInt(VERSION_OFFSET);
        if (magic != MAGIC)
        {
            IoUtil.unmap(mapping);
            throw new NotACountersFileException("not a counters file: " + path + " starts with bytes " +
                String.format("%08x", Integer.reverseBytes(magic)) + ", where a counters file has " +
                String.format("%08x", Integer.reverseBytes(MAGIC)));
        }
        if (version != VERSION)
        {
            IoUtil.unmap(mapping);
            throw new NotACountersFileException("counters file of another version: " + path + " has version " +
                version + ", this build reads version " + VERSION + " (use the build of the engine that wrote it)");
        }
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        if (valuesLength < 0 || valuesLength % CountersReader.COUNTER_LENGTH != 0 ||
            (long)metadataLength != (long)valuesLength / CountersReader.COUNTER_LENGTH * CountersReader.METADATA_LENGTH)
        {
            IoUtil.unmap(mapping);
            throw new NotACountersFileException("not a counters file: " + path + " has metadata length " +
                metadataLength + " and values length " + valuesLength + ", which no counters file has");
        }
        final long needed = (long)HEADER_LENGTH + metadataLength + valuesLength;
        if (mapping.capacity() < needed)
        {
            IoUtil.unmap(mapping);
            throw new NotACountersFileException("truncated counters file: " + path + " is " +
                Plural.of(mapping.capacity(), "byte") + ", where its header says " + Plural.of(needed, "byte"));
        }
        return new CountersFile(path, null, mapping, false, null, channel, needed);
    }

    /**
     * Check that a file opened to read is still as long as its header said: one cut short since (truncated, by hand
     * or by a tool) reads as zeros up to the end of its last page and faults past it, so what was read from it may be
     * no counters at all.
     *
     * @throws IOException if it is shorter, saying so, or if its length cannot be read. Nothing for the owner's file.
     */
    public void checkNotTruncated() throws IOException
    {
        if (null == channel)
        {
            return;
        }
        final long size = channel.size();
        if (size < length)
        {
            throw new IOException("it was cut to " + Plural.of(size, "byte") + " since it was opened, where its " +
                "header says " + Plural.of(length, "byte"));
        }
    }

    /**
     * @return the manager to allocate counters in; only the owner has one.
     * @throws IllegalStateException if this file was opened to read.
     */
    public CountersManager manager()
    {
        checkWritable();
        return manager;
    }

    /**
     * @return a reader of every counter.
     */
    public CountersReader reader()
    {
        return reader;
    }

    /**
     * @return process id of the owner.
     */
    public long ownerPid()
    {
        return header.getLong(PID_OFFSET);
    }

    /**
     * @return epoch milliseconds when the owner created the file.
     */
    public long startTimeMillis()
    {
        return header.getLong(START_TIME_OFFSET);
    }

    /**
     * @return epoch milliseconds when the owner's values became final: its engine stopped ({@link #markValuesFinal()},
     * which may be a while before {@link #ownerFinished()} is true, as the owner reports), or else
     * {@link #markFinished()}; 0 before, and for a file whose owner did not record it (a build before the field). Read
     * before the values: once it is not 0, the values read after it are the final ones.
     */
    public long finishTimeMillis()
    {
        return header.getLongVolatile(FINISH_TIME_OFFSET); // pairs with markValuesFinal's release store
    }

    /**
     * @return epoch milliseconds of the owner's last {@link #heartbeat()}: its values were being written then, so the
     * last values of an owner that was killed are from about that time; 0 if it never beat.
     */
    public long heartbeatMillis()
    {
        return header.getLongVolatile(HEARTBEAT_OFFSET);
    }

    /**
     * Record that the owner is alive and writing its values, now: called periodically while it runs, so that a reader
     * of a killed owner's file can tell how old its last values are. One store; no allocation.
     *
     * @throws IllegalStateException if this file was opened to read.
     */
    public void heartbeat()
    {
        checkWritable();
        header.putLongRelease(HEARTBEAT_OFFSET, System.currentTimeMillis()); // pairs with heartbeatMillis's volatile read
    }

    /**
     * @return true while the owner says it runs and its process is alive (not another process that has its pid).
     */
    public boolean ownerRunning()
    {
        return header.getIntAcquire(STATUS_OFFSET) == STATUS_RUNNING &&
            ownerAlive(ownerPid(), startTimeMillis());
    }

    /**
     * @return true once the owner has marked the values final ({@link #markFinished()}).
     */
    public boolean ownerFinished()
    {
        return header.getIntAcquire(STATUS_OFFSET) == STATUS_FINISHED;
    }

    /**
     * Record now as the time the owner's values became final (its engine stopped), and give it to readers as the
     * finish time ({@link #finishTimeMillis()}) at once, while the status still says running: an owner that reports
     * before it marks them final (a run's summary, a soak's report files) would otherwise have readers take the
     * values for a running engine's, timed as they read them, until {@link #markFinished()}, and then the earlier
     * finish time, and {@code stat} divide the last interval's counts by a time too long. The file stays its
     * owner's, not to be replaced, until it is marked finished.
     *
     * @throws IllegalStateException if this file was opened to read.
     */
    public void markValuesFinal()
    {
        checkWritable();
        valuesFinalMillis = System.currentTimeMillis();
        // after the values: a reader that sees the time sees them final (pairs with finishTimeMillis's volatile read)
        header.putLongRelease(FINISH_TIME_OFFSET, valuesFinalMillis);
    }

    /**
     * Mark the values final: readers stop waiting for more, and show the finish time with them, the time recorded by
     * {@link #markValuesFinal()} if it was called, else now.
     *
     * @throws IllegalStateException if this file was opened to read.
     */
    public void markFinished()
    {
        checkWritable();
        header.putLong(FINISH_TIME_OFFSET, 0 != valuesFinalMillis ? valuesFinalMillis : System.currentTimeMillis());
        // the time before the status: a reader that sees finished sees it (release pairs with ownerFinished's acquire)
        header.putIntRelease(STATUS_OFFSET, STATUS_FINISHED);
    }

    /**
     * @return the file's path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @throws IllegalStateException if this file was opened to read: only its owner writes it.
     */
    private void checkWritable()
    {
        if (null == manager)
        {
            throw new IllegalStateException("counters file opened read-only: " + path);
        }
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapping);
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // a read-only channel: nothing was to be written
            }
        }
    }

    /**
     * Close this file and delete it, for an owner whose engine never started (its run was refused after the file was
     * created). One not yet {@link #publish() published} is deleted from beside the path, and the path keeps what it
     * had (an earlier run's file); a published one is deleted from the path, where a reader then finds no counters
     * file rather than one that says a run finished, unless another engine has put its own file there since.
     *
     * @throws IOException if the file cannot be deleted.
     * @throws IllegalStateException if this file was opened to read.
     */
    public void discard() throws IOException
    {
        checkWritable();
        close();
        if (null != temp)
        {
            Files.deleteIfExists(temp);
            return;
        }
        final Object current;
        try
        {
            current = fileKey(path);
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            return;
        }
        if (null == fileKey || null == current || fileKey.equals(current))
        {
            Files.deleteIfExists(path);
        }
    }

    /**
     * @return the key (device and inode) of the file at {@code path} itself, not of a link's target, or null where
     * the platform has none.
     */
    private static Object fileKey(final Path path) throws IOException
    {
        return Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
            java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
