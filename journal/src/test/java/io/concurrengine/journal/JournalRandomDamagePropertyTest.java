package io.concurrengine.journal;

import io.concurrengine.journal.JournalCorruptException.Reason;
import io.concurrengine.journal.JournalTestSupport.Rec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Random damage to the cycle files of a real journal (two cycle files; INPUT, DISPATCH, DISPATCH_REF, INPUT_DISPATCHED,
 * PACKED, ADVANCE and SNAPSHOT records in many blocks; an END block): bytes flipped, the file cut, junk appended, a
 * range zeroed or overwritten with random bytes, a chunk of the file or whole documents copied over another place or
 * inserted there, whole documents removed or zeroed, and up to four of these at once. Every way of reading it -
 * {@code read}, {@code salvage}, {@code header} and the filtered, identity-checked read that
 * {@code concurrengine inspect} formats with {@link JournalInspector} - must finish within a time limit, throw nothing
 * but {@link JournalCorruptException} (salvage: nothing) naming the cycle file and, for damage in a document, the
 * document, deliver a prefix of the records the intact journal delivers (equal field by field, and in cycle file,
 * document, block and record index), and report damage whenever that prefix is not the whole journal; a salvage that
 * says the journal was closed must have delivered all of it.
 * <p>
 * What no reader can catch: damage to a block that leaves its CRC32C holding. Every burst of at most 32 bits and every
 * odd number of flipped bits is caught; any other change passes with probability 2^-32 per damaged block, and such a
 * block's records can then be wrong. The second property re-seals the checksum of the block it damages and asks only
 * what still holds: no other exception, no hang, and every other block's records delivered unchanged.
 */
class JournalRandomDamagePropertyTest
{
    private static final int CYCLES = 2;
    private static final Duration READ_LIMIT = Duration.ofSeconds(20);

    private static Path root;
    private static Path pristine;
    private static List<Path> files;
    private static List<byte[]> bytes;
    /** Per cycle file: start of each data document (header, data and END blocks), then the end of its data. */
    private static List<int[]> documents;
    private static List<Seen> oracle;
    private static int spanStart;
    private static int spanEnd;
    private static int fileSize;
    private static final AtomicInteger TRIES = new AtomicInteger();

    /**
     * A delivered record, copied field by field with its position: cycle file (by name), document, block and record
     * index. Not its byte offset in the file: intact blocks copied to another place of their file read as those blocks,
     * their order and identity checked by block index and checksum.
     */
    record Seen(RecordKind kind, long time, long seq, int type, long target, long a0, long a1, long a2, long a3,
        boolean failed, long snapshotId, JournalHeader header, String file, long documentIndex, long blockIndex,
        int recordIndex)
    {
        static Seen of(final JournalRecord r)
        {
            return new Seen(r.kind(), r.time(), r.seq(), r.type(), r.target(), r.a0(), r.a1(), r.a2(), r.a3(),
                r.failed(), r.snapshotId(), r.header(), r.file().getFileName().toString(), r.documentIndex(),
                r.blockIndex(), r.recordIndex());
        }

        boolean inDocument(final String file, final long documentIndex)
        {
            return this.file.equals(file) && this.documentIndex == documentIndex;
        }
    }

    /** One damage to one cycle file of the journal (index {@code file}, taken modulo the number of files). */
    sealed interface Damage
    {
        int file();

        /**
         * Apply to the file's bytes.
         *
         * @param data      the bytes so far.
         * @param documents pristine document starts of the file and its end of data.
         * @return the damaged bytes.
         */
        byte[] apply(byte[] data, int[] documents);
    }

    /** Xor the byte at {@code offset} with {@code bits} (1..255); nothing if the file is shorter. */
    record Flip(int file, int offset, int bits) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            if (offset < data.length)
            {
                data[offset] ^= (byte)bits;
            }
            return data;
        }
    }

    /** Cut the file to {@code length} bytes. */
    record Truncate(int file, int length) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            return Arrays.copyOf(data, Math.min(length, data.length));
        }
    }

    /** Append {@code length} random bytes of a seed. */
    record Append(int file, int length, long seed) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            final byte[] junk = new byte[length];
            new SplittableRandom(seed).nextBytes(junk);
            final byte[] out = Arrays.copyOf(data, data.length + length);
            System.arraycopy(junk, 0, out, data.length, length);
            return out;
        }
    }

    /** Zero {@code length} bytes from {@code offset}. */
    record Zero(int file, int offset, int length) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            if (offset < data.length)
            {
                Arrays.fill(data, offset, (int)Math.min(data.length, (long)offset + length), (byte)0);
            }
            return data;
        }
    }

    /** Overwrite {@code length} bytes from {@code offset} with random bytes of a seed. */
    record Fill(int file, int offset, int length, long seed) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            if (offset < data.length)
            {
                final byte[] junk = new byte[Math.min(data.length - offset, length)];
                new SplittableRandom(seed).nextBytes(junk);
                System.arraycopy(junk, 0, data, offset, junk.length);
            }
            return data;
        }
    }

    /** Copy {@code length} bytes from {@code from} over those at {@code to}, or insert them there. */
    record Copy(int file, int from, int to, int length, boolean insert) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            return copy(data, from, to, length, insert);
        }
    }

    /**
     * Copy {@code count} whole documents (header and aligned body), starting at data document {@code from}, over the
     * data document {@code to} and what follows it, or insert them before it; document numbers are taken modulo the
     * file's data documents plus its end of data (so {@code to} may be the place just after the last document).
     */
    record CopyDocuments(int file, int from, int to, int count, boolean insert) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            final int first = from % (documents.length - 1);
            final int last = Math.min(documents.length - 1, first + count);
            return copy(data, documents[first], documents[to % documents.length], documents[last] - documents[first],
                insert);
        }
    }

    /** Remove {@code count} whole documents from data document {@code from} on, the bytes after them moving up. */
    record DropDocuments(int file, int from, int count) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            final int first = from % (documents.length - 1);
            final int start = documents[first];
            final int end = documents[Math.min(documents.length - 1, first + count)];
            if (end > data.length)
            {
                return data;
            }
            final byte[] out = new byte[data.length - (end - start)];
            System.arraycopy(data, 0, out, 0, start);
            System.arraycopy(data, end, out, start, data.length - end);
            return out;
        }
    }

    /**
     * Zero {@code count} whole documents from data document {@code from} on: with the last ones, the file's data then
     * ends early at a document boundary.
     */
    record ZeroDocuments(int file, int from, int count) implements Damage
    {
        @Override
        public byte[] apply(final byte[] data, final int[] documents)
        {
            final int first = from % (documents.length - 1);
            final int last = Math.min(documents.length - 1, first + count);
            final int end = last == documents.length - 1 ? endOfData(data, documents[last]) : documents[last];
            Arrays.fill(data, Math.min(data.length, documents[first]), Math.min(data.length, end), (byte)0);
            return data;
        }

        /** After the end marker of a rolled file and its "EOF" text, or at the unwritten 0 header. */
        private static int endOfData(final byte[] data, final int at)
        {
            return at + Integer.BYTES <= data.length &&
                ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(at) == CycleFileScanner.END_OF_DATA ?
                at + 2 * Integer.BYTES : at;
        }
    }

    private static byte[] copy(final byte[] data, final int from, final int to, final int length, final boolean insert)
    {
        if (from >= data.length || to > data.length)
        {
            return data;
        }
        final byte[] chunk = Arrays.copyOfRange(data, from, (int)Math.min(data.length, (long)from + length));
        if (insert)
        {
            final byte[] out = new byte[data.length + chunk.length];
            System.arraycopy(data, 0, out, 0, to);
            System.arraycopy(chunk, 0, out, to, chunk.length);
            System.arraycopy(data, to, out, to + chunk.length, data.length - to);
            return out;
        }
        final byte[] out = to + chunk.length > data.length ? Arrays.copyOf(data, to + chunk.length) : data;
        System.arraycopy(chunk, 0, out, to, chunk.length);
        return out;
    }

    @BeforeContainer
    static void writeJournal() throws IOException
    {
        root = Files.createTempDirectory("journal-random-damage");
        pristine = root.resolve("pristine");
        final List<Rec> written = mixedStream(new SplittableRandom(11), 900);
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        final JournalConfig config = config(pristine).rollCycle(JournalRollCycle.TEST_SECONDLY)
            .epochMillisClock(clock::get).chunkBytes(1 << 20).blockBytes(JournalDescriptor.MIN_BLOCK_CAPACITY)
            .maxRecordsPerBlock(37).pretouchAheadBytes(0).build();
        final long packed;
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION, 8))
        {
            final int perCycle = written.size() / CYCLES + 1;
            int roll = perCycle;
            for (int i = 0; i < written.size(); i++)
            {
                final Rec rec = written.get(i);
                final Rec next = i + 1 < written.size() ? written.get(i + 1) : null;
                if (i >= roll)
                {
                    roll += perCycle;
                    writer.flush();
                    clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
                }
                if (isItsDispatch(rec, next) && (next.a2() & 3) != 0)
                {
                    writer.appendInputAndDispatch(next.time(), next.seq(), next.type(), next.target(), next.a0(),
                        next.a1(), next.a2(), next.a3(), next.failed());
                    i++;
                }
                else
                {
                    rec.appendTo(writer);
                }
            }
            packed = writer.packedEvents();
        }
        assertTrue(packed > 0, "no PACKED records");
        files = JournalFiles.cycleFiles(pristine);
        assertEquals(CYCLES, files.size(), "cycle files");
        bytes = new ArrayList<>();
        documents = new ArrayList<>();
        spanStart = Integer.MAX_VALUE;
        for (final Path file : files)
        {
            final byte[] data = Files.readAllBytes(file);
            bytes.add(data);
            final int[] docs = dataDocuments(data);
            documents.add(docs);
            spanStart = Math.min(spanStart, docs[0]);
            spanEnd = Math.max(spanEnd, docs[docs.length - 1] + 64);
            fileSize = Math.max(fileSize, data.length);
        }
        oracle = readAll(JournalReader.open(pristine));
        final List<Rec> events = new ArrayList<>();
        for (final Seen seen : oracle)
        {
            if (RecordKind.HEADER != seen.kind())
            {
                events.add(Rec.of(recordOf(seen)));
            }
        }
        assertEquals(written, events, "the intact journal reads back as written");
        assertEquals(CYCLES, oracle.stream().filter((s) -> RecordKind.HEADER == s.kind()).count());
        for (final RecordKind kind : RecordKind.values())
        {
            assertTrue(oracle.stream().anyMatch((s) -> s.kind() == kind), "no " + kind);
        }
    }

    @AfterContainer
    static void deleteJournal()
    {
        deleteTree(root);
    }

    /** Reads of a journal whose damage the checksums can see. */
    @Property(tries = 150)
    void shouldReadOnlyAnIntactPrefixOfARandomlyDamagedJournalAndReportTheRest(
        @ForAll("damages") @Size(min = 1, max = 4) final List<Damage> damages,
        @ForAll("queries") final JournalQuery query) throws IOException
    {
        final Path dir = damagedCopy(damages);
        try
        {
            Statistics.label("outcome").collect(
                assertTimeoutPreemptively(READ_LIMIT, () -> checkReads(dir, query, null), () -> "reads of " + damages));
        }
        finally
        {
            deleteTree(dir);
        }
    }

    /** Damage inside one block whose checksum is then made to match: what the checksum cannot see. */
    @Property(tries = 50)
    void shouldFailOnlyWithTheJournalsErrorsWhenDamageKeepsAValidChecksum(
        @ForAll @IntRange(min = 0, max = 1000) final int block,
        @ForAll("blockDamages") @Size(min = 1, max = 3) final List<Damage> damages) throws IOException
    {
        final int file = block % CYCLES;
        final int[] docs = documents.get(file);
        final int document = block / CYCLES % (docs.length - 1);
        final Path dir = resealedCopy(file, docs[document], damages);
        try
        {
            final String name = files.get(file).getFileName().toString();
            Statistics.label("outcome").collect(assertTimeoutPreemptively(READ_LIMIT, () -> checkReads(dir,
                JournalQuery.ALL, (s) -> s.inDocument(name, document)), () -> "reads of " + damages + " resealed in " +
                name + " document " + document));
        }
        finally
        {
            deleteTree(dir);
        }
    }

    /**
     * Read the damaged journal every way and check each against the intact journal's records, leaving out the records
     * of a resealed block (which may be anything) when {@code excluded} is given.
     *
     * @return the outcome, for the statistics.
     */
    private static String checkReads(
        final Path dir, final JournalQuery query, final Predicate<Seen> excluded)
    {
        final List<Seen> expected = null == excluded ? oracle : without(oracle, excluded);

        final List<Seen> read = new ArrayList<>();
        JournalCorruptException readDamage = null;
        try
        {
            JournalReader.open(dir).read((r) -> read.add(Seen.of(r)));
        }
        catch (final JournalCorruptException ex)
        {
            readDamage = ex;
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("read threw " + ex, ex);
        }
        assertNamesWhere(dir, readDamage, null != excluded);
        assertIntactPrefix(expected, null == excluded ? read : without(read, excluded), readDamage, "read");

        final List<Seen> salvaged = new ArrayList<>();
        final SalvageResult result;
        try
        {
            result = JournalReader.open(dir).salvage((r) -> salvaged.add(Seen.of(r)));
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("salvage threw " + ex, ex);
        }
        assertEquals(salvaged.size(), result.records(), result.describe());
        assertEquals(read, salvaged, "salvage delivers what read does");
        assertEquals(null == readDamage ? null : readDamage.getMessage(),
            null == result.damage() ? null : result.damage().getMessage(), "salvage stops where read does");
        if (result.closed())
        {
            assertTrue(null == excluded ? salvaged.equals(oracle) : without(salvaged, excluded).equals(expected),
                "salvage says the journal was closed but delivered " + salvaged.size() + " of " + oracle.size() +
                " records: " + result.describe());
        }

        JournalHeader header = null;
        JournalCorruptException headerDamage = null;
        try
        {
            header = JournalReader.open(dir).header();
        }
        catch (final JournalCorruptException ex)
        {
            headerDamage = ex;
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("header() threw " + ex, ex);
        }
        assertNamesWhere(dir, headerDamage, null != excluded);
        if (read.isEmpty())
        {
            assertNotNull(headerDamage, "header() returned a header where read() delivered nothing");
        }
        else
        {
            assertEquals(read.get(0).header(), header, null == headerDamage ? "header() and read() differ" :
                "header() failed where read() delivered a header: " + headerDamage.getMessage());
        }

        checkInspect(dir, query, excluded);
        return null == readDamage ? "whole" : readDamage.reason() + (result.closed() ? " after the end block" : "");
    }

    /** The filtered, identity-checked read of {@code concurrengine inspect}, each record formatted. */
    private static void checkInspect(
        final Path dir, final JournalQuery query, final Predicate<Seen> excluded)
    {
        final List<String> expected = inspected(query, excluded);
        final Inspected damaged;
        try
        {
            damaged = inspect(dir, query, excluded);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("inspect threw " + ex, ex);
        }
        assertNamesWhere(dir, damaged.damage, null != excluded);
        assertIntactPrefix(expected, damaged.lines, damaged.damage, "inspect " + query);
    }

    /** What inspect shows of the intact journal: the first records the query matches, up to its limit. */
    private static List<String> inspected(final JournalQuery query, final Predicate<Seen> excluded)
    {
        final List<String> lines = new ArrayList<>();
        long matched = 0;
        for (final Seen seen : oracle)
        {
            final JournalRecord record = recordOf(seen);
            if (matched == query.limit() || RecordKind.HEADER == seen.kind() && !query.matchesJournal(seen.header()))
            {
                break;
            }
            if (query.matches(record))
            {
                matched++;
                if (null == excluded || !excluded.test(seen))
                {
                    lines.add(JournalInspector.format(record, new StringBuilder(), (type) -> "t" + type).toString());
                }
            }
        }
        return lines;
    }

    private record Inspected(List<String> lines, JournalCorruptException damage)
    {
    }

    private static Inspected inspect(
        final Path dir, final JournalQuery query, final Predicate<Seen> excluded)
    {
        final JournalReader reader = JournalReader.builder(dir).requireModelId(HEADER.modelId())
            .requireEngineVersion(HEADER.engineVersion()).requireConfigHash(HEADER.configHash())
            .requireShardId(HEADER.shardId()).requireShardCount(HEADER.shardCount()).build();
        final List<String> lines = new ArrayList<>();
        final StringBuilder line = new StringBuilder(160);
        try
        {
            reader.read(query, (r) ->
            {
                if (null == excluded || !excluded.test(Seen.of(r)))
                {
                    line.setLength(0);
                    lines.add(JournalInspector.format(r, line, (type) -> "t" + type).toString());
                }
            });
            return new Inspected(lines, null);
        }
        catch (final JournalCorruptException ex)
        {
            return new Inspected(lines, ex);
        }
    }

    private static <T> void assertIntactPrefix(
        final List<T> expected, final List<T> delivered, final JournalCorruptException damage, final String how)
    {
        final int n = Math.min(expected.size(), delivered.size());
        for (int i = 0; i < n; i++)
        {
            final int at = i;
            assertEquals(expected.get(i), delivered.get(i), () -> how + ": record " + at + " of " + delivered.size() +
                " delivered differs from the intact journal's" + (null == damage ? "" : "; damage " +
                damage.getMessage()));
        }
        assertTrue(delivered.size() <= expected.size(), () -> how + " delivered " + delivered.size() +
            " records, more than the intact journal's " + expected.size());
        if (null == damage)
        {
            assertEquals(expected.size(), delivered.size(), () -> how + " delivered " + delivered.size() + " of " +
                expected.size() + " records and reported no damage");
        }
    }

    /**
     * The damage names the cycle file (or the directory) and, where it lies in a document, the document; it blames
     * another release only where the damage kept a valid checksum ({@code resealed}).
     */
    private static void assertNamesWhere(final Path dir, final JournalCorruptException damage, final boolean resealed)
    {
        if (null == damage)
        {
            return;
        }
        final String message = damage.getMessage();
        assertNotNull(damage.file(), message);
        assertTrue(damage.file().equals(dir) || damage.file().getParent().equals(dir), message);
        assertTrue(message.contains("file=" + damage.file()), message);
        if (!damage.file().equals(dir))
        {
            assertTrue(damage.documentIndex() >= 0 && message.contains(" document=" + damage.documentIndex()),
                message);
        }
        if (damage.recordIndex() >= 0)
        {
            assertTrue(message.contains(" record=" + damage.recordIndex()), message);
        }
        // this release wrote every block here: a version it cannot read is damage, and must not read as another
        // release unless the damage re-sealed the checksum (the reader cannot tell then)
        if (Reason.UNSUPPORTED_VERSION == damage.reason() && !resealed)
        {
            assertTrue(message.contains("or damaged"), message);
        }
    }

    private static List<Seen> without(final List<Seen> records, final Predicate<Seen> excluded)
    {
        final List<Seen> out = new ArrayList<>(records.size());
        for (final Seen seen : records)
        {
            if (!excluded.test(seen))
            {
                out.add(seen);
            }
        }
        return out;
    }

    private static Path damagedCopy(final List<Damage> damages) throws IOException
    {
        final Path dir = Files.createDirectories(root.resolve("try-" + TRIES.incrementAndGet()));
        final byte[][] data = new byte[CYCLES][];
        for (int i = 0; i < CYCLES; i++)
        {
            data[i] = bytes.get(i).clone();
        }
        for (final Damage damage : damages)
        {
            final int file = damage.file() % CYCLES;
            data[file] = damage.apply(data[file], documents.get(file));
        }
        for (int i = 0; i < CYCLES; i++)
        {
            write(dir.resolve(files.get(i).getFileName()), data[i], i);
        }
        return dir;
    }

    /** Damage inside the document at {@code document} of one file, then store the CRC32C of its block as damaged. */
    private static Path resealedCopy(final int file, final int document, final List<Damage> damages)
        throws IOException
    {
        final Path dir = Files.createDirectories(root.resolve("try-" + TRIES.incrementAndGet()));
        final byte[] data = bytes.get(file).clone();
        final ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        final int length = buffer.getInt(document) & CycleFileScanner.LENGTH_MASK;
        final int block = document + Integer.BYTES;
        for (final Damage damage : damages)
        {
            final Damage inside;
            if (damage instanceof Flip flip)
            {
                inside = new Flip(file, block + flip.offset() % length, flip.bits());
            }
            else if (damage instanceof Zero zero)
            {
                final int at = zero.offset() % length;
                inside = new Zero(file, block + at, Math.min(zero.length(), length - at));
            }
            else if (damage instanceof Fill fill)
            {
                final int at = fill.offset() % length;
                inside = new Fill(file, block + at, Math.min(fill.length(), length - at), fill.seed());
            }
            else
            {
                throw new IllegalArgumentException("damage=" + damage);
            }
            inside.apply(data, documents.get(file));
        }
        buffer.putInt(block + JournalDescriptor.CHECKSUM_OFFSET,
            Checksum.compute(new CRC32C(), ByteBuffer.wrap(data, block, length).slice(), length));
        for (int i = 0; i < CYCLES; i++)
        {
            write(dir.resolve(files.get(i).getFileName()), i == file ? data : bytes.get(i), i);
        }
        return dir;
    }

    /**
     * Write a cycle file as a sparse file, as Chronicle leaves it (only its 4 KiB pages holding a non-zero byte); an
     * unchanged one is a link to the intact journal's file.
     */
    private static void write(final Path path, final byte[] data, final int file) throws IOException
    {
        if (Arrays.equals(data, bytes.get(file)))
        {
            Files.createLink(path, files.get(file));
            return;
        }
        final int page = 4096;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            for (int at = 0; at < data.length; at += page)
            {
                final int length = Math.min(page, data.length - at);
                if (!isZero(data, at, length))
                {
                    channel.write(ByteBuffer.wrap(data, at, length), at);
                }
            }
            if (channel.size() < data.length)
            {
                channel.write(ByteBuffer.wrap(data, data.length - 1, 1), data.length - 1);
            }
        }
    }

    private static boolean isZero(final byte[] data, final int from, final int length)
    {
        for (int i = from; i < from + length; i++)
        {
            if (0 != data[i])
            {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<List<Damage>> damages()
    {
        final Arbitrary<Integer> file = Arbitraries.integers().between(0, CYCLES - 1);
        final Arbitrary<Integer> offset = Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.integers().between(spanStart - 16, spanEnd)),
            Tuple.of(1, Arbitraries.integers().between(0, spanStart)),
            Tuple.of(1, Arbitraries.integers().between(0, fileSize - 1)));
        final Arbitrary<Integer> length = Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(1, 16)),
            Tuple.of(3, Arbitraries.integers().between(1, 512)),
            Tuple.of(1, Arbitraries.integers().between(1, 8192)));
        final Arbitrary<Integer> document = Arbitraries.integers().between(0, 40);
        final Arbitrary<Boolean> insert = Arbitraries.of(false, true);
        final Arbitrary<Damage> flip = Combinators.combine(file, offset, Arbitraries.integers().between(1, 255))
            .as(Flip::new);
        final Arbitrary<Damage> truncate = Combinators.combine(file, Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(spanStart - 16, spanEnd)),
            Tuple.of(1, Arbitraries.integers().between(0, fileSize)))).as(Truncate::new);
        final Arbitrary<Damage> append = Combinators.combine(file, length, Arbitraries.longs()).as(Append::new);
        final Arbitrary<Damage> zero = Combinators.combine(file, offset, length).as(Zero::new);
        final Arbitrary<Damage> fill = Combinators.combine(file, offset, length, Arbitraries.longs()).as(Fill::new);
        final Arbitrary<Damage> copy = Combinators.combine(file, offset, offset, length, insert).as(Copy::new);
        final Arbitrary<Damage> copyDocuments = Combinators.combine(file, document, document,
            Arbitraries.integers().between(1, 4), insert).as(CopyDocuments::new);
        final Arbitrary<Integer> count = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.integers().between(1, 3)), Tuple.of(1, Arbitraries.integers().between(1, 40)));
        final Arbitrary<Damage> dropDocuments = Combinators.combine(file, document, count).as(DropDocuments::new);
        final Arbitrary<Damage> zeroDocuments = Combinators.combine(file, document, count).as(ZeroDocuments::new);
        return Arbitraries.frequencyOf(
            Tuple.of(4, flip),
            Tuple.of(2, truncate),
            Tuple.of(1, append),
            Tuple.of(2, zero),
            Tuple.of(1, fill),
            Tuple.of(2, copy),
            Tuple.of(2, copyDocuments),
            Tuple.of(1, dropDocuments),
            Tuple.of(1, zeroDocuments)).list();
    }

    /** Flips, zeroed ranges and random bytes at offsets taken modulo the damaged document's length. */
    @Provide
    Arbitrary<List<Damage>> blockDamages()
    {
        final Arbitrary<Integer> offset = Arbitraries.integers().between(0, 4096);
        final Arbitrary<Integer> length = Arbitraries.integers().between(1, 64);
        final Arbitrary<Damage> flip = Combinators.combine(offset, Arbitraries.integers().between(1, 255))
            .as((at, bits) -> new Flip(0, at, bits));
        final Arbitrary<Damage> zero = Combinators.combine(offset, length).as((at, n) -> new Zero(0, at, n));
        final Arbitrary<Damage> fill = Combinators.combine(offset, length, Arbitraries.longs())
            .as((at, n, seed) -> new Fill(0, at, n, seed));
        return Arbitraries.frequencyOf(Tuple.of(3, flip), Tuple.of(1, zero), Tuple.of(1, fill)).list();
    }

    /** Queries as {@code concurrengine inspect} builds them: kinds, a type, a time range and a limit. */
    @Provide
    Arbitrary<JournalQuery> queries()
    {
        final Arbitrary<Set<RecordKind>> kinds = Arbitraries.of(RecordKind.class).set().ofMinSize(1);
        final Arbitrary<Integer> type = Arbitraries.integers().between(0, 5);
        final Arbitrary<Long> from = Arbitraries.longs().between(0, 60_000);
        final Arbitrary<Integer> limit = Arbitraries.integers().between(1, 2_000);
        return Combinators.combine(kinds, type, from, limit).as((k, t, f, l) ->
        {
            final JournalQuery.Builder builder = JournalQuery.builder().limit(l).fromTime(f);
            if (!k.equals(EnumSet.allOf(RecordKind.class)))
            {
                builder.kinds(k);
            }
            if (t > 0)
            {
                builder.type(t);
            }
            return builder.build();
        });
    }

    private static List<Seen> readAll(final JournalReader reader)
    {
        final List<Seen> out = new ArrayList<>();
        reader.read((r) -> out.add(Seen.of(r)));
        return out;
    }

    private static JournalRecord recordOf(final Seen seen)
    {
        final JournalRecord record = new JournalRecord();
        record.kind = seen.kind();
        record.time = seen.time();
        record.seq = seen.seq();
        record.type = seen.type();
        record.target = seen.target();
        record.a0 = seen.a0();
        record.a1 = seen.a1();
        record.a2 = seen.a2();
        record.a3 = seen.a3();
        record.failed = seen.failed();
        record.snapshotId = seen.snapshotId();
        record.header = seen.header();
        record.file = pristine.resolve(seen.file());
        record.documentIndex = seen.documentIndex();
        record.blockIndex = seen.blockIndex();
        record.recordIndex = seen.recordIndex();
        return record;
    }

    /**
     * Start of every data document of a cycle file, by Chronicle's framing (4-byte little-endian headers, bit 30
     * meta-data, bits 0..29 length, 4-byte alignment), then where its data ends (an unwritten 0 header, or the end
     * marker of a rolled file).
     */
    private static int[] dataDocuments(final byte[] data)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        final List<Integer> starts = new ArrayList<>();
        int position = 0;
        while (true)
        {
            final int header = buffer.getInt(position);
            if (0 == header || CycleFileScanner.END_OF_DATA == header)
            {
                starts.add(position);
                break;
            }
            if ((header & CycleFileScanner.META_DATA) == 0)
            {
                starts.add(position);
            }
            position = (position + Integer.BYTES + (header & CycleFileScanner.LENGTH_MASK) + 3) & ~3;
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean isItsDispatch(final Rec input, final Rec next)
    {
        return RecordKind.INPUT == input.kind() && null != next && RecordKind.DISPATCH == next.kind() &&
            input.time() == next.time() && input.type() == next.type() && input.target() == next.target() &&
            input.a0() == next.a0() && input.a1() == next.a1() && input.a2() == next.a2() && input.a3() == next.a3();
    }

    /**
     * A market-like stream with every record kind: inputs dispatched at once (most written as one record, fused or
     * packed), inputs dispatched after the next input (back-references), dispatches of other values, failures, clock
     * advances and snapshots.
     */
    private static List<Rec> mixedStream(final SplittableRandom random, final int events)
    {
        final List<Rec> out = new ArrayList<>();
        long time = 1_000;
        long seq = 0;
        long price = 1_000_000;
        long orderId = 5_000_000;
        Rec waiting = null;
        for (int i = 0; i < events; i++)
        {
            time += random.nextInt(60);
            price += random.nextInt(11) - 5;
            orderId += 1 + random.nextInt(3);
            final int type = 1 + random.nextInt(4);
            final Rec input = Rec.input(time, type, random.nextInt(64), price, 1 + random.nextInt(500),
                random.nextInt(4), orderId);
            out.add(input);
            final int roll = random.nextInt(100);
            if (roll < 60)
            {
                out.add(Rec.dispatch(time, ++seq, type, input.target(), price, input.a1(), input.a2(), orderId,
                    roll < 3));
            }
            else if (roll < 75)
            {
                if (null != waiting)
                {
                    out.add(Rec.dispatch(waiting.time(), ++seq, waiting.type(), waiting.target(), waiting.a0(),
                        waiting.a1(), waiting.a2(), waiting.a3(), roll < 65));
                }
                waiting = input;
            }
            else if (roll < 85)
            {
                out.add(Rec.dispatch(time, seq += 1 + random.nextInt(3), type + 1, input.target(), 0, 7, 0, orderId,
                    roll < 78));
            }
            else if (roll < 95)
            {
                out.add(Rec.advance(time += 1 + random.nextInt(100)));
            }
            else
            {
                out.add(Rec.snapshot(i, time));
            }
        }
        return out;
    }
}
