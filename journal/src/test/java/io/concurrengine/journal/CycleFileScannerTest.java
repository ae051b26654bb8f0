package io.concurrengine.journal;

import io.concurrengine.journal.JournalCorruptException.Reason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The check that a cycle file's tail after its data is all zeros, on a sparse file as Chronicle leaves one, grown here
 * to 1 GiB.
 */
@Timeout(120)
class CycleFileScannerTest
{
    private static final long SPARSE_SIZE = 1L << 30;

    @TempDir
    Path root;

    private Path dir;
    private Path file;
    private long dataSize;

    @BeforeEach
    void writeJournalWithASparseTail() throws IOException
    {
        dir = root.resolve("journal");
        write(config(dir).build(), marketStream(3_000, 7));
        file = onlyCycleFile(dir);
        dataSize = Files.size(file);
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
        {
            sparse.setLength(SPARSE_SIZE);
        }
    }

    @Test
    void shouldReadOnlyTheDataOfASparseTail()
    {
        try (FileHoles holes = FileHoles.open(file))
        {
            assumeTrue(holes.dataFrom(dataSize, SPARSE_SIZE) == SPARSE_SIZE, "the file system reports holes");
        }
        try (CycleFileScanner scanner = new CycleFileScanner())
        {
            scanner.open(file);
            while (scanner.next())
            {
                assertFalse(scanner.isCut());
            }

            assertTrue(scanner.bytesRead() < dataSize + CycleFileScanner.SKIP_HOLES_FROM_BYTES,
                "bytesRead=" + scanner.bytesRead() + " of a file of " + dataSize + " bytes of data, " + SPARSE_SIZE +
                " in all");
            assertTrue(scanner.bytesRead() >= scanner.endOfData(), "bytesRead=" + scanner.bytesRead() +
                ": every byte up to the end of the journal's data, at " + scanner.endOfData());
        }
    }

    @Test
    void shouldFindJunkInTheHolesOfASparseTailAtItsOffset() throws IOException
    {
        final long junk = 700L * 1024 * 1024 + 3;
        writeBytes(file, junk, new byte[] {0x5A});

        final JournalCorruptException ex = readExpectingDamage();

        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(junk, ex.filePosition());
        assertTrue(ex.getMessage().contains("non-zero byte 0x5a at " + junk), ex.getMessage());
    }

    @Test
    void shouldFindJunkInTheLastByteOfASparseTail() throws IOException
    {
        writeBytes(file, SPARSE_SIZE - 1, new byte[] {1});

        final JournalCorruptException ex = readExpectingDamage();

        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(SPARSE_SIZE - 1, ex.filePosition());
    }

    @Test
    void shouldFindJunkAfterZerosWrittenInASparseTail() throws IOException
    {
        // a page of zeros written (data to the file system, zeros to the reader), then holes, then a non-zero byte
        writeBytes(file, 200L * 1024 * 1024, new byte[4096]);
        final long junk = 900L * 1024 * 1024 + 4095;
        writeBytes(file, junk, new byte[] {(byte)0x80});

        final JournalCorruptException ex = readExpectingDamage();

        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(junk, ex.filePosition());
    }

    @Test
    void shouldReadAJournalWhoseSparseTailIsAllZeros()
    {
        assertEquals(6_000, readEvents(JournalReader.open(dir)).size());
    }

    private JournalCorruptException readExpectingDamage()
    {
        return assertThrows(JournalCorruptException.class, () -> JournalReader.open(dir).read((r) -> { }));
    }
}
