package io.concurrengine.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IoProblemsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNameWhatWentWrongAndTheFileWithoutTheExceptionClass() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("afile"), "x");

        final IOException underAFile = assertThrows(IOException.class,
            () -> Files.createDirectories(file.resolve("sub")));
        final IOException fileInTheWay = assertThrows(IOException.class, () -> Files.createDirectories(file));
        final IOException missing = assertThrows(IOException.class, () -> Files.readString(dir.resolve("none")));
        final IOException aDirectory = assertThrows(IOException.class, () -> Files.readString(dir));

        assertEquals(file + " is a file, not a directory, in the path " + file.resolve("sub"),
            IoProblems.describe(underAFile));
        assertEquals(file + " is a file, not a directory", IoProblems.describe(fileInTheWay));
        assertEquals("no such file or directory: " + dir.resolve("none"),
            IoProblems.describe(new UncheckedIOException(missing)));
        assertEquals("is a directory", IoProblems.describe(aDirectory));
        assertEquals("operation not permitted: /x",
            IoProblems.describe(new FileSystemException("/x", null, "Operation not permitted")));
        assertEquals("permission denied: /feed.csv", IoProblems.describe(new AccessDeniedException("/feed.csv")));
        assertEquals("IOException", IoProblems.describe(new IOException()));
    }

    /**
     * A dangling link where a directory is to be created read only "already exists", though nothing seems to.
     */
    @Test
    void shouldNameADanglingSymbolicLinkInTheWayOfADirectory() throws IOException
    {
        final Path link = Files.createSymbolicLink(dir.resolve("report"), dir.resolve("gone"));

        final IOException inTheWay = assertThrows(IOException.class, () -> Files.createDirectories(link));

        assertEquals(link + " is a symbolic link to a missing target, " + dir.resolve("gone"),
            IoProblems.describe(inTheWay));
    }

    /**
     * {@code afile/sub/deeper} under a file {@code afile} read only "not a directory: afile/sub/deeper", which names
     * a path that does not exist rather than the file in its way; a relative path is named as it was given.
     */
    @Test
    void shouldNameTheFileInTheWayOfAPathBelowIt() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("afile"), "x");
        final Path deeper = file.resolve("sub").resolve("deeper");

        final IOException underAFile = assertThrows(IOException.class, () -> Files.createDirectory(deeper));
        final IOException listed = assertThrows(IOException.class, () -> Files.newDirectoryStream(file).close());

        assertEquals(file + " is a file, not a directory, in the path " + deeper, IoProblems.describe(underAFile));
        assertEquals("not a directory: " + file, IoProblems.describe(listed), "the path itself: nothing above it");
        assertEquals("not a directory: nowhere/x", IoProblems.describe(new NotDirectoryException("nowhere/x")),
            "nothing above it exists");
    }

    /**
     * A named pipe (or {@code /dev/full}) where a directory is to be made read "already exists", or "is not a
     * directory" above the path, without saying what it is, as a regular file's refusal does.
     */
    @Test
    void shouldSayWhatASpecialFileInTheWayOfADirectoryIs() throws IOException, InterruptedException
    {
        final Path pipe = dir.resolve("report");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());

        final IOException itself = assertThrows(IOException.class, () -> Files.createDirectories(pipe));
        final IOException below = assertThrows(IOException.class,
            () -> Files.createDirectories(pipe.resolve("sub")));

        assertEquals(pipe + " is a named pipe, not a directory", IoProblems.describe(itself));
        assertEquals(pipe + " is a named pipe, not a directory, in the path " + pipe.resolve("sub"),
            IoProblems.describe(below));
    }

    /**
     * A path that white space begins or ends read as a path without it ("permission denied: /feed.csv "), where the
     * other messages of the tools quote it.
     */
    @Test
    void shouldQuoteAPathThatWhiteSpaceBeginsOrEnds() throws IOException
    {
        final Path spaced = Files.writeString(dir.resolve("afile "), "x");
        final IOException underAFile = assertThrows(IOException.class,
            () -> Files.createDirectories(spaced.resolve("sub")));

        assertEquals("permission denied: \"/feed.csv \"",
            IoProblems.describe(new AccessDeniedException("/feed.csv ")));
        assertEquals("no such file or directory: \" x\"", IoProblems.describe(new NoSuchFileException(" x")));
        assertEquals("not a directory: \"/x \"", IoProblems.describe(new NotDirectoryException("/x ")));
        assertEquals("\"/x \" already exists", IoProblems.describe(new FileAlreadyExistsException("/x ")));
        assertEquals("I/O error: \"/a \" -> \" /b\"",
            IoProblems.describe(new FileSystemException("/a ", " /b", null)));
        assertEquals("\"" + spaced + "\" is a file, not a directory, in the path " + spaced.resolve("sub"),
            IoProblems.describe(underAFile), "the path below it ends with sub, so is shown as it is");
        assertEquals("permission denied: /a b", IoProblems.describe(new AccessDeniedException("/a b")),
            "white space inside a path is shown as it is");
    }

    @Test
    void shouldNameEachKindOfFailureOnAFileAndLowerOnlyAWordThatIsNoAcronym()
    {
        assertEquals("not a directory: /data/x", IoProblems.describe(new NotDirectoryException("/data/x")));
        assertEquals("/data/\nx already exists", IoProblems.describe(new FileAlreadyExistsException("/data/\nx")),
            "as it is: whoever prints it for a person escapes it");
        assertEquals("I/O error: /a -> /b", IoProblems.describe(new FileSystemException("/a", "/b", null)));
        assertEquals("disk full", IoProblems.describe(new IOException("Disk full")));
        assertEquals("EOF before the header", IoProblems.describe(new IOException("EOF before the header")));
        assertEquals("x", IoProblems.describe(new IOException("X")));
        assertEquals("IOException", IoProblems.describe(new IOException(" ")));
    }
}
