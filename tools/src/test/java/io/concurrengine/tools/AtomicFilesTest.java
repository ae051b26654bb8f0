package io.concurrengine.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReplaceAFileWholeAndLeaveNothingElse() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("summary.json"), "{\"earlier\": true}\n");

        AtomicFiles.writeString(file, "{\"later\": true}\n");

        assertEquals("{\"later\": true}\n", Files.readString(file));
        assertEquals(List.of("summary.json"), names());
    }

    @Test
    void shouldRemoveTheStaleTemporaryFilesOfWritesKilledOutrightAndNothingElse() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("summary.json"), "{}\n");
        final FileTime old = FileTime.from(Instant.now().minus(AtomicFiles.STALE_AFTER).minusSeconds(60));
        final List<String> stale = List.of("summary.json.3k9zq1x0a.tmp", "summary.json.0.tmp");
        final List<String> kept = List.of(
            "summary.json.5ab.tmp",                         // recent: another process may be writing it
            "summary.json.tmp", "summary.json..tmp", "summary.json.X1.tmp", "summary.json.a-b.tmp",
            "summary.json.1.tmp.bak", "report.html.3k9zq1x0a.tmp", "notes.tmp"); // not a temporary file of this file
        for (final String name : stale)
        {
            Files.setLastModifiedTime(Files.writeString(dir.resolve(name), "{\"cut"), old);
        }
        for (final String name : kept)
        {
            final Path path = Files.writeString(dir.resolve(name), "x");
            if (!name.equals("summary.json.5ab.tmp"))
            {
                Files.setLastModifiedTime(path, old);
            }
        }
        Files.createDirectory(dir.resolve("summary.json.9.tmp")); // a directory is never taken for one
        Files.setLastModifiedTime(dir.resolve("summary.json.9.tmp"), old);

        AtomicFiles.writeString(file, "{\"later\": true}\n");

        assertEquals("{\"later\": true}\n", Files.readString(file));
        final List<String> expected = new java.util.ArrayList<>(kept);
        expected.add("summary.json");
        expected.add("summary.json.9.tmp");
        expected.sort(null);
        assertEquals(expected, names());
    }

    @Test
    void shouldGiveANewFileThePermissionsAFileWrittenInPlaceGets() throws IOException
    {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class), "POSIX modes");
        final Path inPlace = Files.writeString(dir.resolve("in-place.html"), "<p>");

        final Path file = dir.resolve("report.html");
        AtomicFiles.writeString(file, "<p>");

        assertEquals(Files.getPosixFilePermissions(inPlace), Files.getPosixFilePermissions(file),
            "readable as before, not a temporary file's owner-only mode");
    }

    @Test
    void shouldLeaveNoTemporaryFileWhenTheMoveFails() throws IOException
    {
        final Path taken = Files.createDirectories(dir.resolve("report.html"));
        Files.writeString(taken.resolve("inside"), "kept");

        assertThrows(IOException.class, () -> AtomicFiles.writeString(taken, "<p>"));

        assertEquals("kept", Files.readString(taken.resolve("inside")));
        assertEquals(List.of("report.html"), names(), "no temporary file left");
    }

    @Test
    void shouldReplaceASymbolicLinkRatherThanWriteThroughIt() throws IOException
    {
        final Path elsewhere = Files.writeString(dir.resolve("elsewhere.md"), "untouched");
        final Path link = Files.createSymbolicLink(dir.resolve("benchmark-table.md"), elsewhere);

        AtomicFiles.writeString(link, "| table |");

        assertFalse(Files.isSymbolicLink(link));
        assertEquals("| table |", Files.readString(link));
        assertEquals("untouched", Files.readString(elsewhere));
    }

    private List<String> names() throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
