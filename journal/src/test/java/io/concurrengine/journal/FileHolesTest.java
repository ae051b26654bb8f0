package io.concurrengine.journal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

import static io.concurrengine.journal.JournalTestSupport.writeBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileHolesTest
{
    private static final long MIB = 1024 * 1024;
    private static final long SIZE = 128 * MIB;

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeASparseFile() throws IOException
    {
        file = dir.resolve("sparse");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
        {
            sparse.setLength(SIZE);
        }
        writeBytes(file, 0, new byte[] {1});
        writeBytes(file, 64 * MIB, new byte[] {2});
    }

    @Test
    void shouldReportTheDataAndTheHolesOfASparseFile()
    {
        assumeTrue(null != FileHoles.systemLibC(), "lseek(SEEK_DATA) on this platform");
        try (FileHoles holes = FileHoles.open(file))
        {
            assumeTrue(holes.dataEnd(0, SIZE) < SIZE, "the file system reports holes");

            assertEquals(0, holes.dataFrom(0, SIZE));
            assertEquals(64 * MIB, holes.dataFrom(holes.dataEnd(0, SIZE), SIZE));
            final long secondEnd = holes.dataEnd(64 * MIB, SIZE);
            assertTrue(secondEnd > 64 * MIB && secondEnd < SIZE, "secondEnd=" + secondEnd);
            assertEquals(SIZE, holes.dataFrom(secondEnd, SIZE), "holes only from there to the end");
            assertEquals(50 * MIB, holes.dataFrom(2 * MIB, 50 * MIB), "no data before the end asked for");
        }
    }

    @Test
    void shouldCallEverythingDataWhenTheCallsFail()
    {
        final FileHoles.LibC failing = new FileHoles.LibC()
        {
            @Override
            public int open(final String path, final int flags)
            {
                return 1_000_000; // a descriptor no call accepts
            }

            @Override
            public long lseek(final int fd, final long offset, final int whence)
            {
                return -1;
            }

            @Override
            public int close(final int fd)
            {
                return -1;
            }
        };
        try (FileHoles holes = FileHoles.open(file, failing))
        {
            assertEquals(4096, holes.dataFrom(4096, SIZE));
            assertEquals(SIZE, holes.dataEnd(4096, SIZE));
        }
    }

    @Test
    void shouldLoadTheCallsOnLinux()
    {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux");
        assertNotNull(FileHoles.systemLibC(), "without them every replay reads a sparse file's holes");
    }

    @Test
    void shouldReadFromAPositionTheCallsPutInAHole()
    {
        // dataFrom answers from as it is when its call fails: dataEnd must not then end the data there
        final FileHoles.LibC holeAtEveryPosition = new FileHoles.LibC()
        {
            @Override
            public int open(final String path, final int flags)
            {
                return 3;
            }

            @Override
            public long lseek(final int fd, final long offset, final int whence)
            {
                return offset;
            }

            @Override
            public int close(final int fd)
            {
                return 0;
            }
        };
        try (FileHoles holes = FileHoles.open(file, holeAtEveryPosition))
        {
            assertEquals(SIZE, holes.dataEnd(4096, SIZE));
        }
    }

    @Test
    void shouldCallEverythingDataWithoutTheCalls()
    {
        try (FileHoles holes = FileHoles.open(file, null))
        {
            assertEquals(4096, holes.dataFrom(4096, SIZE));
            assertEquals(SIZE, holes.dataEnd(4096, SIZE));
        }
    }

    @Test
    void shouldCallEverythingDataInAFileItCannotOpen()
    {
        try (FileHoles holes = FileHoles.open(dir.resolve("missing")))
        {
            assertEquals(4096, holes.dataFrom(4096, SIZE));
            assertEquals(SIZE, holes.dataEnd(4096, SIZE));
        }
    }
}
