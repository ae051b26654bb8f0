package io.concurrengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Journals written by the releases that last wrote format versions 1 to 4, and one of version 5 by a release that
 * writes it (the fixtures of {@link GoldenJournals}), read by this one. Every expected value is what the old release
 * printed (journal-vN.txt beside each fixture), not what this one writes: a reader and a writer that drift together
 * still fail here.
 */
class GoldenJournalTest
{
    private static final int SHARDS = 2;

    /** Records per shard by kind, as the old inspect counted them: the same run in every version. */
    private static final long[][] COUNTS = {{1, 1614, 1658}, {1, 1386, 1430}}; // HEADER, INPUT, DISPATCH

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void shouldReadEveryRecordAsTheReleaseThatWroteItPrintedIt(final int version) throws IOException
    {
        final Path journal = GoldenJournals.unpack(version, dir);

        for (int shard = 0; shard < SHARDS; shard++)
        {
            final Map<RecordKind, Long> counts = new EnumMap<>(RecordKind.class);
            final StringBuilder lines = new StringBuilder();
            final long records = JournalReader.open(journal.resolve("shard-" + shard)).read(record ->
            {
                counts.merge(record.kind(), 1L, Long::sum);
                appendAsInspectPrintedIt(record, lines).append('\n');
            });

            assertEquals(Map.of(RecordKind.HEADER, COUNTS[shard][0], RecordKind.INPUT, COUNTS[shard][1],
                RecordKind.DISPATCH, COUNTS[shard][2]), counts, "v" + version + " shard " + shard);
            assertEquals(COUNTS[shard][0] + COUNTS[shard][1] + COUNTS[shard][2], records);
            assertEquals(recordsDigest(version, shard), sha256(lines), "v" + version + " shard " + shard +
                ": the records as the old inspect printed them (journal-v" + version + ".txt)");
        }
    }

    /**
     * Every record is there, and the journal reads as closed exactly when its version's writer closes it with an END
     * block ({@link JournalDescriptor#END_BLOCK_VERSION} on): versions 2 and 3 complete though not closed, 4 and 5
     * closed.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void shouldReadAJournalAsClosedExactlyWhenItsVersionsWriterAppendsAnEndBlock(final int version)
    {
        final Path journal = GoldenJournals.unpack(version, dir);
        final boolean endBlock = version >= JournalDescriptor.END_BLOCK_VERSION;

        for (int shard = 0; shard < SHARDS; shard++)
        {
            final SalvageResult result = JournalReader.open(journal.resolve("shard-" + shard)).salvage(record -> { });

            assertNull(result.damage(), result.describe());
            assertEquals(endBlock, result.closed(), "a version " + version + " writer " +
                (endBlock ? "closes it with an END block" : "appends no END block"));
            assertEquals(COUNTS[shard][0] + COUNTS[shard][1] + COUNTS[shard][2], result.records());
        }
    }

    @Test
    void shouldRefuseAVersion1JournalNamingItsVersion()
    {
        final Path journal = GoldenJournals.unpack(1, dir);

        for (int shard = 0; shard < SHARDS; shard++)
        {
            final JournalReader reader = JournalReader.open(journal.resolve("shard-" + shard));
            final JournalCorruptException ex = assertThrows(JournalCorruptException.class, () -> reader.read(r -> { }));

            assertEquals(JournalCorruptException.Reason.UNSUPPORTED_VERSION, ex.reason(), ex.getMessage());
            assertEquals("journal format version found=1 expected=" + JournalDescriptor.FORMAT_VERSION +
                " (or down to " + JournalDescriptor.MIN_FORMAT_VERSION + "; written by another engine release)",
                ex.detail());
            assertEquals(0, ex.documentIndex(), ex.getMessage());
            assertEquals("journal of another format version", ex.headline());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void shouldHoldAJournalOfTheFormatVersionItIsNamedFor(final int version) throws IOException
    {
        final Path journal = GoldenJournals.unpack(version, dir);

        for (int shard = 0; shard < SHARDS; shard++)
        {
            final List<Path> cycles;
            try (Stream<Path> files = Files.list(journal.resolve("shard-" + shard)))
            {
                cycles = files.filter(path -> path.toString().endsWith(JournalFiles.CYCLE_FILE_SUFFIX)).toList();
            }
            assertEquals(1, cycles.size(), cycles.toString());
            assertEquals(version, headerFormatVersion(cycles.get(0)), cycles.get(0).toString());
        }
    }

    /**
     * The line the inspect of versions 1 to 5 printed for a record, without its position (" @file#document/index
     * block=N"): the form make-fixtures.sh digests.
     */
    private static StringBuilder appendAsInspectPrintedIt(final JournalRecord record, final StringBuilder line)
    {
        line.append(record.kind());
        switch (record.kind())
        {
            case HEADER ->
            {
                final JournalHeader header = record.header();
                line.append(" engine=").append(header.engineVersion()).append(" model=").append(header.modelId())
                    .append(" config=0x").append(Long.toHexString(header.configHash()))
                    .append(" shard=").append(header.shardId()).append('/').append(header.shardCount())
                    .append(" unit=").append(header.timeUnit()).append(" start=").append(header.startTime())
                    .append(" seed=").append(header.seed()).append(" clock=").append(record.time());
            }
            case INPUT -> appendEvent(record, line.append(" time=").append(record.time()));
            case DISPATCH ->
            {
                appendEvent(record, line.append(" time=").append(record.time()).append(" seq=").append(record.seq()));
                if (record.failed())
                {
                    line.append(" FAILED");
                }
            }
            case ADVANCE -> line.append(" time=").append(record.time());
            case SNAPSHOT -> line.append(" time=").append(record.time()).append(" id=").append(record.snapshotId());
            default -> throw new IllegalStateException("kind=" + record.kind());
        }
        return line;
    }

    private static void appendEvent(final JournalRecord record, final StringBuilder line)
    {
        line.append(" type=").append(record.type()).append(" target=").append(record.target())
            .append(" a=[").append(record.a0()).append(',').append(record.a1()).append(',').append(record.a2())
            .append(',').append(record.a3()).append(']');
    }

    /** Per shard, the SHA-256 of its records' lines as the old release's inspect printed them (journal-vN.txt). */
    private static String recordsDigest(final int version, final int shard)
    {
        return switch (version * SHARDS + shard)
        {
            case 2 * SHARDS -> "e5faa15af0beae6cc0a075946396b1003636cc285b2e37f1b93fc9fb17aaa4de";
            case 2 * SHARDS + 1 -> "8b2c34b96b449bb11a078377387923c0dffe79481e73e5276ec49ae099f2efb8";
            case 3 * SHARDS -> "8079847babbe4a2f1be8fbad2c8f06c1ac6a16fcf4b129d422b242888c5c209d";
            case 3 * SHARDS + 1 -> "1836477ed2c736a9866ab6eb1c9b6989cac9786f63080d480c82ba3bd51129dd";
            case 4 * SHARDS -> "5035623526b295fc796095c3fd2f69e27d8ffe288e151a023e98a5e93892e688";
            case 4 * SHARDS + 1 -> "a934b49f09e2cbf8cac0983a35bce9cad00a69ab333916e0ca7f03f7042ba533";
            // the same records but for the HEADER's configuration hash: the configuration gained keys since version 4
            case 5 * SHARDS -> "0636df1f670078177ffb57069ec5b94d35d938bbceb64cf4414e3052d3ef10ee";
            case 5 * SHARDS + 1 -> "376306d339b3b0c414e50b729457351d13992d2187e29ef1fa15001c105760fd";
            default -> throw new IllegalArgumentException("version=" + version + " shard=" + shard);
        };
    }

    private static String sha256(final CharSequence text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The FORMAT_VERSION field of the first journal header block in a cycle file, found by its magic: read from the
     * bytes, not by the reader under test.
     */
    private static int headerFormatVersion(final Path cycle) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(cycle))
        {
            while (bytes.hasRemaining() && channel.read(bytes) >= 0)
            {
                // the header block is in the first few pages of the file
            }
        }
        bytes.flip();
        for (int i = 0; i + JournalDescriptor.MAGIC_LENGTH + Integer.BYTES <= bytes.limit(); i++)
        {
            if (JournalDescriptor.JOURNAL_MAGIC == bytes.getLong(i))
            {
                return bytes.getInt(i + JournalDescriptor.FORMAT_VERSION_OFFSET - JournalDescriptor.MAGIC_OFFSET);
            }
        }
        throw new AssertionError("no journal header in " + cycle);
    }
}
