package io.concurrengine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.concurrengine.journal.JournalTestSupport.truncate;
import static io.concurrengine.journal.JournalTestSupport.writeBytes;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reader's window on a cycle file, on files written here: which bytes it reads and when it reads them again, how
 * it grows, a file cut while it is open, a window used for one file after another, and the zero check of a tail with
 * and without the file system's holes.
 */
class FileWindowTest
{
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    private CycleFileScanner scanner;
    private FileWindow window;

    @BeforeEach
    void openAWindow()
    {
        scanner = new CycleFileScanner();
        window = new FileWindow(scanner);
    }

    @AfterEach
    void close()
    {
        window.close();
        scanner.close();
    }

    @Test
    void shouldReadTheBytesAskedForOnceAndServeRangesInsideTheWindowWithoutReadingAgain() throws IOException
    {
        final Path file = fileOf(counting(3 * 4096));
        window.open(file);
        assertEquals(3 * 4096, window.size());

        assertTrue(window.ensure(100, 16));
        assertEquals(3 * 4096 - 100, window.bytesRead(), "the window reads from the position asked for to its end");
        assertEquals((byte)100, window.buffer().getByte(window.offset(100)));
        assertEquals((byte)115, window.buffer().getByte(window.offset(115)));

        assertTrue(window.ensure(100, 3 * 4096 - 100), "the window's first byte to its last");
        assertTrue(window.ensure(3 * 4096 - 1, 1), "its last byte");
        assertEquals((byte)(3 * 4096 - 1), window.byteAt(3 * 4096 - 1));
        assertEquals(3 * 4096 - 100, window.bytesRead(), "nothing read again");

        assertTrue(window.ensure(99, 1), "a byte before the window");
        assertEquals(2 * (3 * 4096 - 100) + 1, window.bytesRead());
        assertEquals((byte)99, window.buffer().getByte(window.offset(99)));
    }

    @Test
    void shouldSayWhereTheFileEndsFirst() throws IOException
    {
        window.open(fileOf(counting(4096)));

        assertTrue(window.ensure(4000, 96), "up to the last byte");
        assertFalse(window.ensure(4000, 97), "one byte past it");
        assertFalse(window.ensure(4096, 1));
        assertEquals(0, window.byteAt(4096), "a byte past the end reads as 0");
        assertEquals((byte)(4095 & 0xFF), window.byteAt(4095));
    }

    @Test
    void shouldGrowToTheNextPowerOfTwoOfTheLongestRangeAskedFor() throws IOException
    {
        final byte[] bytes = counting(5 * MIB);
        window.open(fileOf(bytes));
        assertEquals(MIB, window.buffer().capacity(), "the initial window");

        assertTrue(window.ensure(0, 2 * MIB));
        assertEquals(2 * MIB, window.buffer().capacity(), "exactly 2 MiB asked for");
        assertTrue(window.ensure(MIB, 2 * MIB + 1));
        assertEquals(4 * MIB, window.buffer().capacity(), "one byte more");

        final int offset = window.offset(3 * MIB);
        final byte[] read = new byte[4096];
        window.buffer().getBytes(offset, read);
        assertArrayEquals(Arrays.copyOfRange(bytes, 3 * MIB, 3 * MIB + 4096), read);
        assertEquals(4 * MIB, window.view().capacity(), "the checksum view is of the grown memory too");
    }

    @Test
    void shouldReportAFileCutWhileOpenAsEndedAndNotItsOldBytes() throws IOException
    {
        final byte[] bytes = counting(64 * 1024);
        bytes[60_000] = 1;
        final Path file = fileOf(bytes);
        window.open(file);
        truncate(file, 10_000);

        assertEquals(64 * 1024, window.size(), "the size read when it was opened");
        assertFalse(window.ensure(20_000, 100), "the bytes are no longer there");
        assertTrue(window.ensure(9_000, 1_000));
        assertEquals(-1, window.firstNonZero(20_000), "no byte left there to be non-zero");
    }

    @Test
    void shouldReadTheSizeAgainWhenLiveReadingAsks() throws IOException
    {
        final Path file = fileOf(new byte[4096]);
        window.open(file);
        writeBytes(file, 8191, new byte[] {7});

        assertFalse(window.ensure(8191, 1), "the size read when it was opened");
        assertTrue(window.grownTo(8192), "the file now ends exactly there");
        assertEquals(8192, window.size());
        assertFalse(window.grownTo(8193));
        assertEquals((byte)7, window.byteAt(8191));
    }

    @Test
    void shouldFindTheFirstNonZeroByteFromAnyPosition() throws IOException
    {
        final byte[] bytes = new byte[3 * MIB + 12_345];
        bytes[0] = 5;
        bytes[64 * 1024] = 6; // the first byte of the second vector compared
        bytes[2 * MIB - 1] = 7; // the last byte of the second window's read
        bytes[bytes.length - 1] = 8;
        window.open(fileOf(bytes));

        assertEquals(0, window.firstNonZero(0));
        assertEquals(64 * 1024, window.firstNonZero(1));
        assertEquals(2 * MIB - 1, window.firstNonZero(64 * 1024 + 1));
        assertEquals(bytes.length - 1, window.firstNonZero(2 * MIB));
        assertEquals(-1, window.firstNonZero(bytes.length));
    }

    @Test
    void shouldNotSeeTheBytesOfTheFileBeforeInAWindowUsedAgain() throws IOException
    {
        final byte[] ones = new byte[MIB];
        Arrays.fill(ones, (byte)-1);
        window.open(fileOf(ones));
        assertTrue(window.ensure(0, MIB));

        final Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[100_000]); // ends part-way through the window's second vector
        window.open(zeros);
        assertEquals(100_000, window.size());
        assertEquals(-1, window.firstNonZero(0), "the first file's bytes past the second's end are not its");
        assertEquals(-1, window.firstNonZero(70_000));
    }

    @Test
    void shouldReadATailUpToTheThresholdWholeAndSkipTheHolesOfALongerOne() throws IOException
    {
        assumeTrue(null != FileHoles.systemLibC(), "lseek(SEEK_DATA) on this platform");
        final long threshold = FileWindow.SKIP_HOLES_FROM_BYTES;
        final Path file = dir.resolve("sparse");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
        {
            sparse.setLength(threshold + 4096);
        }
        writeBytes(file, 0, new byte[4096]);
        try (FileHoles holes = FileHoles.open(file))
        {
            assumeTrue(holes.dataEnd(0, threshold + 4096) < threshold, "the file system reports holes");
        }
        window.open(file);

        assertEquals(-1, window.firstNonZero(4096));
        assertEquals(threshold, window.bytesRead(), "a tail of exactly the threshold is read whole");

        final long before = window.bytesRead();
        assertEquals(-1, window.firstNonZero(4095));
        assertTrue(window.bytesRead() - before < 8 * MIB,
            "a tail one byte longer is read only where there is data: " + (window.bytesRead() - before));

        writeBytes(file, threshold + 100, new byte[] {9});
        assertEquals(threshold + 100, window.firstNonZero(0), "data after the holes");
    }

    @Test
    void shouldCloseTheDescriptorItOpensForTheHoles() throws IOException
    {
        assumeTrue(null != FileHoles.systemLibC(), "lseek(SEEK_DATA) on this platform");
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "/proc on this platform");
        final Path file = dir.resolve("sparse");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
        {
            sparse.setLength(2 * FileWindow.SKIP_HOLES_FROM_BYTES);
        }
        window.open(file);
        assertEquals(-1, window.firstNonZero(0));
        assertEquals(2, descriptorsOn(file), "the window's channel and the holes' descriptor");

        window.open(fileOf(new byte[16]));
        assertEquals(0, descriptorsOn(file), "both closed when the window moves to another file");

        window.open(file);
        assertEquals(-1, window.firstNonZero(0));
        window.close();
        assertEquals(0, descriptorsOn(file), "both closed with the window");
    }

    private static long descriptorsOn(final Path file) throws IOException
    {
        final Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")))
        {
            return fds.filter(fd ->
            {
                try
                {
                    return Files.readSymbolicLink(fd).equals(real);
                }
                catch (final IOException ex)
                {
                    return false; // the listing's own descriptor, closed by now
                }
            }).count();
        }
    }

    private Path fileOf(final byte[] bytes) throws IOException
    {
        final Path file = Files.createTempFile(dir, "cycle", ".cq4");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] counting(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)i;
        }
        return bytes;
    }
}
