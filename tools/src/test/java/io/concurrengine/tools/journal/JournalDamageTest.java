package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.tools.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.CHECKSUM_MISMATCH;
import static io.concurrengine.journal.JournalCorruptException.Reason.IO_ERROR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalDamageTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSayWhatTheFileSystemSaidWhenAJournalCannotBeRead()
    {
        final Path file = Path.of("j/shard-1/20261204-16F.cq4");
        final JournalCorruptException ex = new JournalCorruptException(IO_ERROR, file, -1, NO_RECORD, -1,
            "cannot open cycle file", new AccessDeniedException(file.toString()));

        assertEquals("journal cannot be read: permission denied: j/shard-1/20261204-16F.cq4 (IO_ERROR: cannot open " +
            "cycle file file=j/shard-1/20261204-16F.cq4)", JournalDamage.describe(ex));
        assertEquals("cannot open cycle file: permission denied: j/shard-1/20261204-16F.cq4", JournalDamage.detail(ex));
    }

    @Test
    void shouldKeepTheJournalsOwnWordsForDamage()
    {
        final JournalCorruptException ex = new JournalCorruptException(CHECKSUM_MISMATCH, Path.of("j/shard-0/x.cq4"),
            3, NO_RECORD, 4096, "block checksum mismatch", null);

        assertEquals("journal damaged: " + ex.getMessage(), JournalDamage.describe(ex));
        assertEquals("block checksum mismatch", JournalDamage.detail(ex));
    }

    @Test
    void shouldNotCallAShardDirectoryThatCannotBeListedDamaged() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("feed.csv"), "1000,add,17,5001,buy,10250,100\n");
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--feed", feed.toString(), "--shards", "2", "--journal", journal.toString(),
            "--no-counters").code());
        final Path shard = journal.resolve("shard-1");
        try (Stream<Path> walk = Files.walk(shard))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        Files.createSymbolicLink(shard, shard.getFileName()); // a link to itself: listing it fails with ELOOP

        final Cli replay = Cli.run("replay", journal.toString());

        assertEquals(1, replay.code(), replay.err());
        assertTrue(replay.err().contains("concurrengine replay: shard 1 journal cannot be read: too many levels of " +
            "symbolic links"), replay.err());
    }
}
