package io.concurrengine.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileKindTest
{
    @TempDir
    Path dir;

    @Test
    void shouldTellANamedPipeOrALinkToOneFromAnyOtherFile() throws IOException, InterruptedException
    {
        final Path pipe = fifo("feed.pipe");
        final Path link = Files.createSymbolicLink(dir.resolve("link"), pipe);

        assertTrue(FileKind.isNamedPipe(pipe));
        assertTrue(FileKind.isNamedPipe(link));
        assertFalse(FileKind.isNamedPipe(Files.writeString(dir.resolve("feed.csv"), "x")));
        assertFalse(FileKind.isNamedPipe(dir));
        assertFalse(FileKind.isNamedPipe(Path.of("/dev/null")));
    }

    @Test
    void shouldNameWhatASpecialFileIs() throws IOException, InterruptedException
    {
        final Path socket = dir.resolve("run.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            server.bind(UnixDomainSocketAddress.of(socket));

            assertEquals("a socket", FileKind.describe(socket));
        }
        assertEquals("a named pipe", FileKind.describe(fifo("run.toml")));
        assertEquals("a character device", FileKind.describe(Path.of("/dev/null")));
        assertEquals("a special file", FileKind.describe(Files.writeString(dir.resolve("plain"), "x")),
            "not one of those kinds");
        assertEquals("a special file", FileKind.describe(dir.resolve("gone")), "its mode cannot be read");
    }

    @Test
    void shouldNameABlockDevice()
    {
        final Path loop = Path.of("/dev/loop0");
        assumeTrue(Files.exists(loop), "a block device");

        assertEquals("a block device", FileKind.describe(loop));
    }

    private Path fifo(final String name) throws IOException, InterruptedException
    {
        final Path pipe = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        return pipe;
    }
}
