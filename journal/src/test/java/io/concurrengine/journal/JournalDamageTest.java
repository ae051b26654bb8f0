package io.concurrengine.journal;

import io.concurrengine.journal.JournalCorruptException.Reason;
import io.concurrengine.journal.JournalTestSupport.Doc;
import io.concurrengine.journal.JournalTestSupport.Rec;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalDescriptor.*;
import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(60)
class JournalDamageTest
{
    @TempDir
    Path root;

    private Path dir;
    private Path file;
    private List<Rec> written;
    private List<Doc> docs;

    @BeforeEach
    void writeJournal() throws IOException
    {
        dir = root.resolve("journal");
        written = write(config(dir).blockBytes(4096).maxRecordsPerBlock(200).build(), marketStream(3_000, 7));
        file = onlyCycleFile(dir);
        docs = documents(dir);
        assertTrue(docs.size() > 20, "docs=" + docs.size());
    }

    private long documentEnd(final Doc doc) throws IOException
    {
        final int length = readInt(doc.file(), doc.filePosition()) & CycleFileScanner.LENGTH_MASK;
        return doc.filePosition() + 4 + length;
    }

    /**
     * @return a closed journal of one cycle file per second of ten ADVANCE records each, its clock moved on after
     * each (so closing opens no cycle file for the END block).
     */
    private Path writeCycles(final int cycles)
    {
        return writeCycles(cycles, JournalDescriptor.FORMAT_VERSION);
    }

    /**
     * @return {@link #writeCycles(int)}, in a format version.
     */
    private Path writeCycles(final int cycles, final int formatVersion)
    {
        final Path rolling = root.resolve("rolling");
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        final JournalConfig config =
            config(rolling).rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build();
        try (JournalWriter writer = new ChronicleJournalWriter(config, HEADER, formatVersion))
        {
            for (int c = 0; c < cycles; c++)
            {
                for (int i = 0; i < 10; i++)
                {
                    writer.appendAdvance(c * 100L + i);
                }
                writer.flush();
                clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            }
        }
        return rolling;
    }

    /**
     * @return a writer that has written and flushed the records, in blocks of 50, and is still open.
     */
    private static JournalWriter flushedButOpen(final Path dir, final List<Rec> recs)
    {
        final JournalWriter writer = JournalWriter.open(config(dir).maxRecordsPerBlock(50).build(), HEADER);
        for (final Rec rec : recs)
        {
            rec.appendTo(writer);
        }
        writer.flush();
        return writer;
    }

    private static JournalCorruptException readExpectingDamage(final Path dir)
    {
        return assertThrows(JournalCorruptException.class, () -> JournalReader.open(dir).read((r) -> { }));
    }

    private static long salvagedEvents(final SalvageResult result, final List<Doc> docs, final int intactDocs)
    {
        long records = 0;
        for (int i = 0; i < intactDocs; i++)
        {
            records += docs.get(i).records();
        }
        return records;
    }

    @Test
    void shouldReportTruncationAtAnyCutAndSalvageTheIntactPrefix() throws IOException
    {
        final long dataEnd = documentEnd(docs.get(docs.size() - 1));
        final long firstDoc = docs.get(0).filePosition();
        for (long cut = firstDoc - 700; cut < dataEnd; cut += 251)
        {
            final Path copyDir = Files.createDirectories(root.resolve("cut-" + cut));
            final Path copy = copyDir.resolve(file.getFileName());
            try (FileChannel in = FileChannel.open(file); FileChannel out = FileChannel.open(copy,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
            {
                in.transferTo(0, cut, out);
            }

            final JournalCorruptException ex = readExpectingDamage(copyDir);
            assertEquals(Reason.TRUNCATED, ex.reason(), ex.getMessage());
            assertEquals(copy, ex.file());

            int intact = 0;
            while (intact < docs.size() && documentEnd(docs.get(intact)) <= cut)
            {
                intact++;
            }
            final SalvageResult result = JournalReader.open(copyDir).salvage((r) -> { });
            assertEquals(salvagedEvents(result, docs, intact), result.records(), "cut=" + cut);
            assertEquals(intact, ex.documentIndex(), "cut=" + cut);
            if (0 == intact || docs.size() == intact ||
                cut < docs.get(intact).filePosition() + 4 + BLOCK_HEADER_LENGTH)
            {
                assertEquals(JournalCorruptException.NO_RECORD, ex.recordIndex(), "cut=" + cut + " " + ex.getMessage());
                assertFalse(ex.getMessage().contains("record="), ex.getMessage());
            }
            else
            {
                final int record = ex.recordIndex();
                assertTrue(record >= 0 && record < docs.get(intact).records(), "cut=" + cut + " " + ex.getMessage());
                assertTrue(ex.getMessage().contains(" record=" + record + " "), ex.getMessage());
            }
            deleteTree(copyDir);
        }
    }

    @Test
    void shouldReportFlippedByteAsChecksumMismatch() throws IOException
    {
        final Doc damaged = docs.get(10);
        final long at = damaged.filePosition() + 4 + 100;
        writeBytes(file, at, new byte[]{(byte)(readByte(file, at) ^ 0x10)});

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.CHECKSUM_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals(damaged.documentIndex(), ex.documentIndex());
        assertEquals(damaged.filePosition(), ex.filePosition());
        assertEquals(file, ex.file());
        assertTrue(ex.recordIndex() >= 0 && ex.recordIndex() < damaged.records(), ex.getMessage());
        assertTrue(ex.getMessage().contains("one damaged byte explains it: block offset 100 (bits 0x10 differ)"),
            ex.getMessage());
    }

    @Test
    void shouldNameTheRecordHoldingAFlippedByte() throws IOException
    {
        final Path advances = writeAdvances();
        final Path cycleFile = onlyCycleFile(advances);
        final Doc block = documents(advances).get(1);

        writeBytes(cycleFile, recordStart(block, 77) + 1, new byte[]{(byte)(ADVANCE_DELTA_BYTE ^ 0x04)});
        final JournalCorruptException inField = readExpectingDamage(advances);

        assertEquals(Reason.CHECKSUM_MISMATCH, inField.reason(), inField.getMessage());
        assertEquals(block.documentIndex(), inField.documentIndex());
        assertEquals(block.filePosition(), inField.filePosition());
        assertEquals(77, inField.recordIndex(), inField.getMessage());
        assertTrue(inField.getMessage().contains("block offset " + (BLOCK_HEADER_LENGTH + 2 * 77 + 1) +
            " (bits 0x4 differ), in record 77"), inField.getMessage());
        assertTrue(inField.getMessage().contains(" document=" + block.documentIndex() + " record=77 "),
            inField.getMessage());
        assertTrue(JournalReader.open(advances).salvage((r) -> { }).describe().contains(" record=77 "));

        writeBytes(cycleFile, recordStart(block, 77) + 1, new byte[]{(byte)ADVANCE_DELTA_BYTE});
        writeBytes(cycleFile, recordStart(block, 150), new byte[]{(byte)(TAG_ADVANCE ^ 0x80)});
        assertEquals(150, readExpectingDamage(advances).recordIndex(), "a flipped tag byte");
    }

    /**
     * The reader holds 1 MiB of a cycle file at a time and loads it again from the document that does not fit: that
     * block then starts at the beginning of the reader's buffer, before its own damaged byte's block offset.
     */
    @Test
    void shouldNameTheRecordHoldingAFlippedByteInTheBlockThatStartsTheReadersNextMebibyte() throws IOException
    {
        final Path large = root.resolve("large");
        write(config(large).blockBytes(4096).build(), marketStream(150_000, 7));
        final Path cycleFile = onlyCycleFile(large);
        Doc straddling = null;
        for (final Doc doc : documents(large))
        {
            if (doc.filePosition() < (1 << 20) && documentEnd(doc) > (1 << 20))
            {
                straddling = doc;
            }
        }
        assertNotNull(straddling, "a block across the file's first MiB");
        final long at = straddling.filePosition() + 4 + 1000;
        writeBytes(cycleFile, at, new byte[]{(byte)(readByte(cycleFile, at) ^ 0x20)});

        final JournalCorruptException ex = readExpectingDamage(large);

        assertEquals(Reason.CHECKSUM_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals(straddling.documentIndex(), ex.documentIndex());
        assertTrue(ex.recordIndex() >= 0 && ex.recordIndex() < straddling.records(), ex.getMessage());
        assertTrue(ex.getMessage().contains("block offset 1000 (bits 0x20 differ), in record " + ex.recordIndex()),
            ex.getMessage());
    }

    @Test
    void shouldNameNoRecordForAFlippedByteInTheBlockHeaderOrDamageOfMoreThanOneByte() throws IOException
    {
        final Path advances = writeAdvances();
        final Path cycleFile = onlyCycleFile(advances);
        final Doc block = documents(advances).get(1);
        final long baseTime = block.filePosition() + 4 + BASE_TIME_OFFSET;
        final byte original = readByte(cycleFile, baseTime);

        writeBytes(cycleFile, baseTime, new byte[]{(byte)(original ^ 0x01)});
        final JournalCorruptException inHeader = readExpectingDamage(advances);

        assertEquals(Reason.CHECKSUM_MISMATCH, inHeader.reason(), inHeader.getMessage());
        assertEquals(JournalCorruptException.NO_RECORD, inHeader.recordIndex());
        assertTrue(inHeader.getMessage().contains("block offset " + BASE_TIME_OFFSET + " (bits 0x1 differ), in the " +
            "block header"), inHeader.getMessage());
        assertFalse(inHeader.getMessage().contains("record="), inHeader.getMessage());

        writeBytes(cycleFile, baseTime, new byte[]{original});
        writeBytes(cycleFile, recordStart(block, 10) + 1, new byte[]{7, 7, 7, 7, 7, 7});
        final JournalCorruptException wider = readExpectingDamage(advances);

        assertEquals(Reason.CHECKSUM_MISMATCH, wider.reason(), wider.getMessage());
        assertEquals(JournalCorruptException.NO_RECORD, wider.recordIndex(), wider.getMessage());
    }

    @Test
    void shouldNameTheRecordATruncationCuts() throws IOException
    {
        final Path advances = writeAdvances();
        final Doc block = documents(advances).get(1);
        final Path cycleFile = onlyCycleFile(advances);

        truncate(cycleFile, recordStart(block, 123) + 1);
        final JournalCorruptException midRecord = readExpectingDamage(advances);

        assertEquals(Reason.TRUNCATED, midRecord.reason(), midRecord.getMessage());
        assertEquals(block.documentIndex(), midRecord.documentIndex());
        assertEquals(block.filePosition(), midRecord.filePosition());
        assertEquals(123, midRecord.recordIndex(), midRecord.getMessage());
        assertTrue(midRecord.getMessage().contains("ends after " + (BLOCK_HEADER_LENGTH + 2 * 123 + 1) +
            " of its bytes, in record 123"), midRecord.getMessage());
        final SalvageResult salvaged = JournalReader.open(advances).salvage((r) -> { });
        assertEquals(1, salvaged.records(), "the header block only");
        assertTrue(salvaged.describe().contains(" record=123 "), salvaged.describe());

        truncate(cycleFile, recordStart(block, 123));
        assertEquals(123, readExpectingDamage(advances).recordIndex(), "cut between records 122 and 123");

        truncate(cycleFile, block.filePosition() + 4 + BLOCK_HEADER_LENGTH - 1);
        assertEquals(JournalCorruptException.NO_RECORD, readExpectingDamage(advances).recordIndex(),
            "cut in the block header");
    }

    @Test
    void shouldNameTheFirstRecordWhenATruncationCutsRightAfterTheBlockHeader() throws IOException
    {
        final Path advances = writeAdvances();
        final Doc block = documents(advances).get(1);
        truncate(onlyCycleFile(advances), recordStart(block, 0));

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.TRUNCATED, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("ends after " + BLOCK_HEADER_LENGTH + " of its bytes, in record 0"),
            ex.getMessage());
    }

    @Test
    void shouldNameTheFirstRecordForAFlippedByteAtTheStartOfTheRecords() throws IOException
    {
        final Path advances = writeAdvances();
        final Doc block = documents(advances).get(1);
        writeBytes(onlyCycleFile(advances), recordStart(block, 0), new byte[]{(byte)(TAG_ADVANCE ^ 0x40)});

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.CHECKSUM_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("block offset " + BLOCK_HEADER_LENGTH + " (bits 0x40 differ), in record 0"),
            ex.getMessage());
    }

    /**
     * The record holding a damaged byte is found by decoding the block with the byte restored; a block that does not
     * decode up to that byte even then (here its record 50, before the damaged record 77, has an unknown tag under a
     * checksum that held) names no record.
     */
    @Test
    void shouldNameNoRecordForAFlippedByteInABlockThatDoesNotDecodeOnceRestored() throws IOException
    {
        final Path advances = writeAdvances();
        final Doc block = documents(advances).get(1);
        changeBlock(advances, 1, (bytes) -> bytes.put(BLOCK_HEADER_LENGTH + 2 * 50, (byte)0));
        writeBytes(onlyCycleFile(advances), recordStart(block, 77) + 1, new byte[]{(byte)(ADVANCE_DELTA_BYTE ^ 0x04)});

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.CHECKSUM_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals(JournalCorruptException.NO_RECORD, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("block offset " + (BLOCK_HEADER_LENGTH + 2 * 77 + 1) +
            " (bits 0x4 differ) file="), ex.getMessage());
    }

    @Test
    void shouldReportReservedFlagsInAnAdvanceTagNamingTheRecord() throws IOException
    {
        final Path advances = writeAdvances();
        changeBlock(advances, 1, (block) -> block.put(BLOCK_HEADER_LENGTH + 2 * 150, (byte)(TAG_ADVANCE | 0x80)));

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(150, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("reserved flags set in tag=0x82"), ex.getMessage());
    }

    @Test
    void shouldReportReservedFlagsInASnapshotTagNamingTheRecord() throws IOException
    {
        final Path snapshots = root.resolve("snapshots");
        try (JournalWriter writer = JournalWriter.open(config(snapshots).build(), HEADER))
        {
            writer.appendAdvance(HEADER.startTime() + 1);
            writer.appendSnapshot(7, HEADER.startTime() + 2);
        }
        changeBlock(snapshots, 1, (block) ->
        {
            assertEquals(TAG_SNAPSHOT, block.get(BLOCK_HEADER_LENGTH + 2));
            block.put(BLOCK_HEADER_LENGTH + 2, (byte)(TAG_SNAPSHOT | TAG_FAILED_FLAG));
        });

        final JournalCorruptException ex = readExpectingDamage(snapshots);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(1, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("reserved flags set in tag=0xd"), ex.getMessage());
    }

    @Test
    void shouldReportARecordCountBeyondTheBlocksRecordsNamingTheFirstMissingRecord() throws IOException
    {
        final Path advances = writeAdvances();
        changeBlock(advances, 1, (block) -> block.putInt(RECORD_COUNT_OFFSET, ADVANCES + 1));

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(ADVANCES, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("block ends before record " + ADVANCES + " of recordCount=" +
            (ADVANCES + 1)), ex.getMessage());
    }

    @Test
    void shouldCountTheBytesLeftAfterTheLastRecordOfRecordCount() throws IOException
    {
        final Path advances = writeAdvances();
        changeBlock(advances, 1, (block) -> block.putInt(RECORD_COUNT_OFFSET, ADVANCES - 3));

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(ADVANCES - 3, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("6 bytes after the last of recordCount=" + (ADVANCES - 3)),
            ex.getMessage());
    }

    /**
     * The last ADVANCE's two bytes become the start of an INPUT, whose 4-byte event header runs past the block; its
     * second byte would make the header's seq length code 2 (an INPUT with dispatch fields) if the bytes after the
     * block were read as the rest of it.
     */
    @Test
    void shouldReportAnEventHeaderCutByTheEndOfItsBlock() throws IOException
    {
        final Path advances = writeAdvances();
        changeBlock(advances, 1, (block) ->
        {
            block.put(BLOCK_HEADER_LENGTH + 2 * (ADVANCES - 1), (byte)TAG_INPUT);
            block.put(BLOCK_HEADER_LENGTH + 2 * (ADVANCES - 1) + 1, (byte)0x01);
        });

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(ADVANCES - 1, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("record runs past the end of the block"), ex.getMessage());
    }

    @Test
    void shouldReportALayoutCutByTheEndOfItsBlock() throws IOException
    {
        final Path advances = writeAdvances();
        changeBlock(advances, 1, (block) ->
            block.put(BLOCK_HEADER_LENGTH + 2 * (ADVANCES - 1), (byte)(TAG_PACKED | TAG_LAYOUT_FLAG)));

        final JournalCorruptException ex = readExpectingDamage(advances);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(ADVANCES - 1, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("record runs past the end of the block"), ex.getMessage());
    }

    private static final int ADVANCES = 200;

    /** zigzag(1): an ADVANCE one tick after the record before is two bytes, its tag and this. */
    private static final int ADVANCE_DELTA_BYTE = 2;

    /**
     * A journal of one data block of {@link #ADVANCES} ADVANCE records, each one tick after the one before, so that
     * record i starts at block offset {@code BLOCK_HEADER_LENGTH + 2 * i}.
     */
    private Path writeAdvances() throws IOException
    {
        final Path advances = root.resolve("advances");
        try (JournalWriter writer = JournalWriter.open(config(advances).build(), HEADER))
        {
            for (int i = 0; i < ADVANCES; i++)
            {
                writer.appendAdvance(HEADER.startTime() + 1 + i);
            }
        }
        final Doc block = documents(advances).get(1);
        assertEquals(ADVANCES, block.records());
        assertEquals(BLOCK_HEADER_LENGTH + 2 * ADVANCES,
            readInt(onlyCycleFile(advances), block.filePosition()) & CycleFileScanner.LENGTH_MASK);
        for (int i = 0; i < ADVANCES; i++)
        {
            assertEquals(TAG_ADVANCE, readByte(onlyCycleFile(advances), recordStart(block, i)));
            assertEquals(ADVANCE_DELTA_BYTE, readByte(onlyCycleFile(advances), recordStart(block, i) + 1));
        }
        return advances;
    }

    private static long recordStart(final Doc block, final int record)
    {
        return block.filePosition() + 4 + BLOCK_HEADER_LENGTH + 2L * record;
    }

    /**
     * Found by {@code JournalRandomDamagePropertyTest} (shrunk: one zero byte copied over the header block's format
     * version, which read as version 0): a damaged version byte was reported as a journal written by another engine
     * release.
     */
    @Test
    void shouldReportADamagedFormatVersionByteAsDamageNotAsAnotherRelease() throws IOException
    {
        final Doc header = docs.get(0);
        final long formatVersion = header.filePosition() + 4 + FORMAT_VERSION_OFFSET;
        writeBytes(file, formatVersion, new byte[]{0});

        final JournalCorruptException inHeader = readExpectingDamage(dir);

        assertEquals(Reason.CHECKSUM_MISMATCH, inHeader.reason(), inHeader.getMessage());
        assertEquals(0, inHeader.documentIndex());
        assertTrue(inHeader.getMessage().contains("one damaged byte explains it: block offset " +
            FORMAT_VERSION_OFFSET + " (bits 0x" + Integer.toHexString(FORMAT_VERSION) + " differ)"),
            inHeader.getMessage());

        writeBytes(file, formatVersion, new byte[]{(byte)FORMAT_VERSION});
        final Doc block = docs.get(10);
        final long blockVersion = block.filePosition() + 4 + VERSION_OFFSET;
        writeBytes(file, blockVersion, new byte[]{(byte)(FORMAT_VERSION ^ 0x40)});

        final JournalCorruptException inBlock = readExpectingDamage(dir);

        assertEquals(Reason.CHECKSUM_MISMATCH, inBlock.reason(), inBlock.getMessage());
        assertEquals(block.documentIndex(), inBlock.documentIndex());
        assertTrue(inBlock.getMessage().contains("one damaged byte explains it: block offset " + VERSION_OFFSET +
            " (bits 0x40 differ), in the block header"), inBlock.getMessage());
    }

    @Test
    void shouldSayAnUnreadableVersionMayBeDamageWhenTheBlockChecksumFailsToo() throws IOException
    {
        final long formatVersion = docs.get(0).filePosition() + 4 + FORMAT_VERSION_OFFSET;
        writeBytes(file, formatVersion, new byte[]{9, 9});

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.UNSUPPORTED_VERSION, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains("found=" + (9 | 9 << 8) + " expected=" + FORMAT_VERSION), ex.getMessage());
        assertTrue(ex.getMessage().contains("written by another engine release, or damaged: the block's checksum " +
            "does not hold either"), ex.getMessage());
    }

    @Test
    void shouldReportAFlippedMagicByteAsDamageNotAsAnotherFile() throws IOException
    {
        final long journalMagic = docs.get(0).filePosition() + 4 + MAGIC_OFFSET + 3;
        writeBytes(file, journalMagic, new byte[]{(byte)(readByte(file, journalMagic) ^ 0x02)});

        final JournalCorruptException inHeader = readExpectingDamage(dir);

        assertEquals(Reason.CHECKSUM_MISMATCH, inHeader.reason(), inHeader.getMessage());
        assertTrue(inHeader.getMessage().contains("block offset " + (MAGIC_OFFSET + 3) + " (bits 0x2 differ)"),
            inHeader.getMessage());

        writeBytes(file, journalMagic, new byte[]{(byte)(readByte(file, journalMagic) ^ 0x02)});
        final Doc block = docs.get(10);
        final long blockMagic = block.filePosition() + 4 + BLOCK_MAGIC_OFFSET + 1;
        writeBytes(file, blockMagic, new byte[]{(byte)(readByte(file, blockMagic) ^ 0x01)});

        final JournalCorruptException inBlock = readExpectingDamage(dir);

        assertEquals(Reason.CHECKSUM_MISMATCH, inBlock.reason(), inBlock.getMessage());
        assertEquals(block.documentIndex(), inBlock.documentIndex());
        assertTrue(inBlock.getMessage().contains("block offset " + (BLOCK_MAGIC_OFFSET + 1) + " (bits 0x1 differ), " +
            "in the block header"), inBlock.getMessage());
    }

    /**
     * A data block that declares a format version this reader does not read, under a checksum that holds, in a journal
     * whose header is of this version, is damage inside the journal, not records to decode as this version's: it was
     * reported as UNSUPPORTED_VERSION, "journal of another format version ... written by another engine release".
     */
    @Test
    void shouldReportADataBlockOfAnotherFormatVersionWhoseChecksumHoldsAsDamage() throws IOException
    {
        final Doc block = docs.get(10);
        changeBlock(dir, 10, (bytes) -> bytes.put(VERSION_OFFSET, (byte)9));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals("journal damaged", ex.headline());
        assertEquals(block.documentIndex(), ex.documentIndex());
        assertEquals(block.file(), ex.file());
        assertEquals("format version found=9 expected=" + FORMAT_VERSION + " (the journal's, as its first header " +
            "says): a block of another version inside the journal is damage, not a journal another engine release " +
            "wrote", ex.detail());
    }

    /**
     * So is a data block of a version this reader reads, but not the journal's: it was decoded as that version's,
     * and a journal of version 5 with a block relabelled 4 replayed as verified.
     */
    @Test
    void shouldReportADataBlockOfAnotherReadableFormatVersionAsDamage() throws IOException
    {
        final Doc block = docs.get(10);
        changeBlock(dir, 10, (bytes) -> bytes.put(VERSION_OFFSET, (byte)(FORMAT_VERSION - 1)));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(block.documentIndex(), ex.documentIndex());
        assertTrue(ex.detail().startsWith("format version found=" + (FORMAT_VERSION - 1) + " expected=" +
            FORMAT_VERSION + " (the journal's"), ex.getMessage());
    }

    /**
     * So is a later cycle file whose header is of a version this reader does not read.
     */
    @Test
    void shouldReportALaterCycleFilesHeaderOfAnotherFormatVersionAsDamage() throws IOException
    {
        final Path rolling = writeCycles(2);
        final List<Path> files = rewriteSecondCycleFileHeader(rolling,
            (block) -> block.putInt(FORMAT_VERSION_OFFSET, 9));

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(files.get(1), ex.file());
        assertEquals(0, ex.documentIndex());
        assertTrue(ex.detail().startsWith("format version found=9 expected=" + FORMAT_VERSION + " (the journal's"),
            ex.getMessage());
    }

    /**
     * And a later cycle file whose header declares a version this reader reads, but not the journal's: its format
     * version field was not compared with the first header's, so it read as intact.
     */
    @Test
    void shouldReportALaterCycleFilesHeaderOfAnotherReadableFormatVersionAsDamage() throws IOException
    {
        final Path rolling = writeCycles(2);
        final List<Path> files = rewriteSecondCycleFileHeader(rolling,
            (block) -> block.putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION - 1));

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(files.get(1), ex.file());
        assertEquals(0, ex.documentIndex());
        assertTrue(ex.detail().startsWith("format version found=" + (FORMAT_VERSION - 1) + " expected=" +
            FORMAT_VERSION + " (the journal's"), ex.getMessage());
    }

    @Test
    void shouldNameTheMagicOfAChecksummedDocumentThatIsNotAJournalBlock() throws IOException
    {
        changeBlock(dir, 10, (block) -> block.putShort(BLOCK_MAGIC_OFFSET, (short)0x1234));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(docs.get(10).documentIndex(), ex.documentIndex());
        assertTrue(ex.getMessage().contains(": blockMagic=0x1234 "), ex.getMessage());
    }

    @Test
    void shouldNameTheMagicOfADocumentThatIsNotAJournalBlockWhoseChecksumFails() throws IOException
    {
        final Doc block = docs.get(10);
        writeBytes(file, block.filePosition() + 4 + KIND_OFFSET, new byte[]{9, 9, 0x34, 0x12});

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(block.documentIndex(), ex.documentIndex());
        assertTrue(ex.getMessage().contains("document is not a journal block (blockMagic=0x1234 length="),
            ex.getMessage());
    }

    @Test
    void shouldSalvageRecordsBeforeTheFlippedByte() throws IOException
    {
        final Doc damaged = docs.get(10);
        final long at = damaged.filePosition() + 4 + 100;
        writeBytes(file, at, new byte[]{(byte)(readByte(file, at) ^ 0x01)});

        final List<Rec> salvaged = new java.util.ArrayList<>();
        final SalvageResult result = JournalReader.open(dir).salvage((r) -> salvaged.add(Rec.of(r)));

        assertFalse(result.isComplete());
        assertFalse(result.closed(), "stopped before the end block");
        assertEquals(Reason.CHECKSUM_MISMATCH, result.damage().reason());
        final int events = (int)salvagedEvents(result, docs, 10) - 1;
        assertEquals(written.subList(0, events), salvaged.subList(1, salvaged.size()));
        assertTrue(result.describe().contains("document=" + damaged.documentIndex()), result.describe());
    }

    @Test
    void shouldReportJunkAppendedToTheFileAsTrailingData() throws IOException
    {
        final long size = Files.size(file);
        writeBytes(file, size, "trailing junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(size, ex.filePosition());
        assertFalse(ex.getMessage().contains("record="), ex.getMessage());
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(written.size() + 1, salvaged.records());
        assertTrue(salvaged.closed(), "the junk follows the end block");
        assertTrue(salvaged.describe().startsWith("stopped after the journal's end block: "), salvaged.describe());
    }

    @Test
    void shouldSalvageAClosedJournalWholeWhenJunkFollowsItsEndBlock() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        assertEquals(END_BLOCK_LENGTH, readInt(file, endBlock) & CycleFileScanner.LENGTH_MASK, "the END document");
        final long afterEnd = (endBlock + 4 + END_BLOCK_LENGTH + 3) & ~3L;
        final byte[] junk = new byte[5 * 1024];
        new java.util.Random(5).nextBytes(junk);
        writeBytes(file, afterEnd, junk);

        final List<Rec> salvaged = new java.util.ArrayList<>();
        final SalvageResult result = JournalReader.open(dir).salvage((r) -> salvaged.add(Rec.of(r)));

        assertFalse(result.isComplete());
        assertEquals(afterEnd, result.damage().filePosition(), result.describe());
        assertTrue(result.closed(), result.describe());
        assertEquals(written, salvaged.subList(1, salvaged.size()));
    }

    @Test
    void shouldReportJunkAfterTheLastDocumentAsMalformed() throws IOException
    {
        final long end = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        final byte[] junk = new byte[64];
        java.util.Arrays.fill(junk, (byte)'Z');
        writeBytes(file, end, junk);

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(end, ex.filePosition());
        assertEquals(docs.get(docs.size() - 1).documentIndex() + 1, ex.documentIndex());
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(written.size() + 1, salvaged.records());
        assertFalse(salvaged.closed(), "the junk overwrote the end block");
    }

    @Test
    void shouldReportDocumentNeverCompleted() throws IOException
    {
        final Doc last = docs.get(docs.size() - 1);
        final int header = readInt(file, last.filePosition());
        writeBytes(file, last.filePosition(), intBytes(header | CycleFileScanner.NOT_COMPLETE));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.INCOMPLETE_DOCUMENT, ex.reason(), ex.getMessage());
        assertEquals(last.documentIndex(), ex.documentIndex());
        assertEquals(written.size() + 1 - last.records(), JournalReader.open(dir).salvage((r) -> { }).records());
    }

    /**
     * Chronicle's 4-byte document header carries no checksum, and readers skip a document whose meta-data bit is
     * set. A journal block whose header gained that bit is named as damage where it is, not read as a gap in the
     * block sequence after it, a journal without its END block, or a cycle file without a journal header.
     */
    @Test
    void shouldNameAJournalBlockWhoseDocumentHeaderGainedTheMetaDataBit() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        final long[] positions = {docs.get(0).filePosition(), docs.get(7).filePosition(), endBlock};
        final long[] documentIndexes = {0, docs.get(7).documentIndex(), docs.get(docs.size() - 1).documentIndex() + 1};
        final long[] salvaged = {0, 0, written.size() + 1};
        for (int i = 0; i < 7; i++)
        {
            salvaged[1] += docs.get(i).records();
        }
        for (int i = 0; i < positions.length; i++)
        {
            final int header = readInt(file, positions[i]);
            writeBytes(file, positions[i], intBytes(header | CycleFileScanner.META_DATA));

            final JournalCorruptException ex = readExpectingDamage(dir);

            assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
            assertEquals(file, ex.file());
            assertEquals(documentIndexes[i], ex.documentIndex(), ex.getMessage());
            assertEquals(positions[i], ex.filePosition(), ex.getMessage());
            assertTrue(ex.getMessage().contains("marks an intact journal block as Chronicle meta-data"),
                ex.getMessage());
            final SalvageResult result = JournalReader.open(dir).salvage((r) -> { });
            assertTrue(result.records() <= salvaged[i] && result.records() >= salvaged[i] - 1,
                "the blocks before it, perhaps without their last input: " + result.records() + " of " + salvaged[i]);
            writeBytes(file, positions[i], intBytes(header));
        }
        assertEquals(written.size() + 1, JournalReader.open(dir).read((r) -> { }), "the journal as it was");
    }

    @Test
    void shouldReadAJournalWhoseWriterHasNotWrittenItsHeaderYetAsEmptyWhenReadingLive() throws IOException
    {
        final Path starting = root.resolve("starting");
        final JournalReader live = JournalReader.builder(starting).live(true).build();
        assertEquals(0, live.read((r) -> { }), "no directory yet");
        Files.createDirectories(starting);
        assertEquals(0, live.read((r) -> { }), "no cycle file yet");
        final Path created = starting.resolve(file.getFileName());
        Files.write(created, new byte[0]);
        assertEquals(0, live.read((r) -> { }), "a cycle file Chronicle has created, not yet sized");
        Files.write(created, new byte[4096]);
        assertEquals(0, live.read((r) -> { }), "sized, its store header not yet written");

        assertThrows(JournalCorruptException.class, () -> JournalReader.open(starting).read((r) -> { }),
            "not live: damage");
    }

    @Test
    void shouldStopQuietlyAtAnIncompleteDocumentWhenReadingLive() throws IOException
    {
        final Doc last = docs.get(docs.size() - 1);
        final int header = readInt(file, last.filePosition());
        writeBytes(file, last.filePosition(), intBytes(header | CycleFileScanner.NOT_COMPLETE));

        final long records = JournalReader.builder(dir).live(true).build().read((r) -> { });

        assertEquals(written.size() + 1 - last.records(), records);
    }

    /**
     * A live reader reads the cycle file's size when it opens it; the writer goes on appending, and grows the file,
     * while the reader delivers what it has read. Here the file is the journal cut inside its last data block's
     * document header, or inside its bytes, when the reader opens it, and whole again by the time the reader gets
     * there.
     */
    @Test
    void shouldReadLiveTheDocumentsWrittenPastTheFileSizeItOpenedTheFileWith() throws IOException
    {
        final Doc last = docs.get(docs.size() - 1);
        final long size = Files.size(file);
        for (final long cut : new long[] {last.filePosition() + 2, last.filePosition() + 4 + 100})
        {
            final Path copyDir = Files.createDirectories(root.resolve("cut-" + cut));
            final Path copy = copyDir.resolve(file.getFileName());
            copyRange(file, copy, 0, cut);
            assertEquals(Reason.TRUNCATED, readExpectingDamage(copyDir).reason(), "not live: damage, as before");
            assertEquals(written.size() + 1 - last.records(),
                JournalReader.builder(copyDir).live(true).build().read((r) -> { }),
                "live: the last block is not yet written, and reading stops before it");

            final long records = JournalReader.builder(copyDir).live(true).build().read((r) ->
            {
                if (RecordKind.HEADER == r.kind())
                {
                    copyRange(file, copy, cut, size); // the writer appends while the reader is busy
                }
            });

            assertEquals(written.size() + 1, records, "cut=" + cut);
            deleteTree(copyDir);
        }
    }

    /**
     * Copy bytes [from, to) of a file to the same place in another, creating it if need be.
     */
    private static void copyRange(final Path source, final Path target, final long from, final long to)
    {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
            FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        {
            long at = from;
            while (at < to)
            {
                at += in.transferTo(at, to - at, out.position(at));
            }
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    @SuppressWarnings("try") // the writer stays open while the journal is read
    void shouldReportAJournalWhoseWriterWasNeverClosedAsUnclosedAfterDeliveringEveryRecord()
    {
        final Path open = root.resolve("open");
        final List<Rec> recs = marketStream(400, 3);
        try (JournalWriter writer = flushedButOpen(open, recs))
        {

            final JournalCorruptException ex = readExpectingDamage(open);
            assertEquals(Reason.UNCLOSED, ex.reason(), ex.getMessage());
            assertTrue(ex.getMessage().contains("without the end block"), ex.getMessage());
            final SalvageResult salvaged = JournalReader.open(open).salvage((r) -> { });
            assertEquals(recs.size() + 1, salvaged.records(), "every record and the header");
            assertEquals(Reason.UNCLOSED, salvaged.damage().reason());
            assertEquals(recs, readEvents(JournalReader.builder(open).live(true).build()), "live readers never ask");
        }

        assertEquals(recs, readEvents(JournalReader.open(open)), "closed: the END block is there");
    }

    @Test
    void shouldReportATailLostAtADocumentBoundaryAsUnclosed() throws IOException
    {
        final Doc last = docs.get(docs.size() - 1);
        final long endBlock = (documentEnd(last) + 3) & ~3L;
        assertEquals(END_BLOCK_LENGTH, readInt(file, endBlock) & CycleFileScanner.LENGTH_MASK, "the END document");
        writeBytes(file, endBlock, new byte[4 + END_BLOCK_LENGTH]);

        final JournalCorruptException lostEnd = readExpectingDamage(dir);
        assertEquals(Reason.UNCLOSED, lostEnd.reason(), lostEnd.getMessage());
        assertEquals(file, lostEnd.file());
        assertEquals(endBlock, lostEnd.filePosition());
        final SalvageResult unclosed = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(written.size() + 1, unclosed.records());
        assertFalse(unclosed.closed());

        writeBytes(file, last.filePosition(), new byte[(int)(endBlock - last.filePosition())]);

        final SalvageResult lostBlocks = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(Reason.UNCLOSED, lostBlocks.damage().reason(), lostBlocks.describe());
        assertEquals(written.size() + 1 - last.records(), lostBlocks.records());
    }

    /**
     * What a writer killed mid-append leaves, made by Chronicle itself: an appender holding the queue's write lock
     * writes a document's bytes behind a header it leaves at 0 until the document is complete. The reader's view of
     * the file while that document is open is what it finds after a {@code kill -9} there.
     */
    @Test
    @SuppressWarnings("try") // the writer stays open while the journal is read
    void shouldReportAWriterStoppedMidAppendAsUnclosedAndSalvageEveryCompleteBlock() throws IOException
    {
        final Path open = root.resolve("open");
        final List<Rec> recs = marketStream(400, 3);
        try (JournalWriter writer = flushedButOpen(open, recs))
        {
            final Path cycleFile = onlyCycleFile(open);
            final long[] lastBlock = new long[1];
            JournalReader.builder(open).live(true).build().read((r) -> lastBlock[0] = r.filePosition());
            final int lastLength = readInt(cycleFile, lastBlock[0]) & CycleFileScanner.LENGTH_MASK;
            final long appendAt = (lastBlock[0] + 4 + lastLength + 3) & ~3L;
            final byte[] block = new byte[lastLength];
            try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.READ))
            {
                channel.read(ByteBuffer.wrap(block), lastBlock[0] + 4);
            }

            // Chronicle's own appender picks the cycle from the same clock as the writer, so it appends to that file
            try (SingleChronicleQueue queue =
                    SingleChronicleQueueBuilder.binary(open).timeProvider(() -> FIXED_EPOCH_MILLIS).build();
                ExcerptAppender appender = queue.createAppender();
                net.openhft.chronicle.wire.DocumentContext context = appender.writingDocument())
            {
                context.wire().bytes().write(block);
                assertEquals(0, readInt(cycleFile, appendAt), "Chronicle writes the header once the document is done");
                assertNotEquals(0, readInt(cycleFile, appendAt + 4), "the document's bytes are in the file");

                final JournalCorruptException ex = readExpectingDamage(open);
                assertEquals(Reason.UNCLOSED, ex.reason(), ex.getMessage());
                assertEquals(appendAt, ex.filePosition(), ex.getMessage());
                assertEquals(cycleFile, ex.file());
                assertTrue(ex.getMessage().contains("a document was being appended at byte " + appendAt),
                    ex.getMessage());
                final List<Rec> salvaged = new java.util.ArrayList<>();
                final SalvageResult result = JournalReader.open(open).salvage((r) -> salvaged.add(Rec.of(r)));
                assertEquals(recs, salvaged.subList(1, salvaged.size()), "every record of every complete block");
                assertEquals(Reason.UNCLOSED, result.damage().reason());
                assertFalse(result.closed());
                assertEquals(recs, readEvents(JournalReader.builder(open).live(true).build()), "live: still writing");
                context.rollbackOnClose();
            }
        }
        assertEquals(recs, readEvents(JournalReader.open(open)), "rolled back, then closed with its END block");
    }

    /**
     * A writer killed as it rolled: Chronicle has made the next cycle file and the writer was appending its first
     * document (the header block, which every cycle file starts with) when it stopped, so that file holds no header.
     * That is a journal not closed, like a writer stopped mid-append in any other document; read live, it is a
     * journal still being written.
     */
    @Test
    @SuppressWarnings("try") // the writer stays open while the journal is read
    void shouldReportAWriterStoppedMidAppendOfTheFirstDocumentOfANewCycleFileAsUnclosed() throws IOException
    {
        final Path rolling = root.resolve("rolling");
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        final JournalWriter writer = JournalWriter.open(
            config(rolling).rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build(), HEADER);
        for (int i = 0; i < 10; i++)
        {
            writer.appendAdvance(i);
        }
        writer.flush();
        clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(rolling)
            .rollCycle(JournalRollCycle.TEST_SECONDLY.chronicle()).timeProvider(clock::get).build();
            ExcerptAppender appender = queue.createAppender();
            net.openhft.chronicle.wire.DocumentContext context = appender.writingDocument())
        {
            context.wire().bytes().write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            final List<Path> files = JournalFiles.cycleFiles(rolling);
            assertEquals(2, files.size(), "the roll made the next cycle file");

            final JournalCorruptException ex = readExpectingDamage(rolling);
            assertEquals(Reason.UNCLOSED, ex.reason(), ex.getMessage());
            assertEquals(files.get(1), ex.file());
            assertTrue(ex.getMessage().contains("holds no header block, whose document was being appended at byte " +
                ex.filePosition() + " when its writer stopped"), ex.getMessage());
            assertEquals(1 + 10, JournalReader.open(rolling).salvage((r) -> { }).records());
            assertEquals(10, readEvents(JournalReader.builder(rolling).live(true).build()).size(),
                "live: still writing");
            context.rollbackOnClose();
        }
        finally
        {
            try
            {
                writer.close();
            }
            catch (final JournalWriteException ex)
            {
                // the other appender ended the writer's cycle file: it cannot put its END block there
            }
        }
    }

    /**
     * A writer killed as it rolled, before the state above: Chronicle had created the next cycle file and not yet sized
     * it, or was writing the file's first header, its store header, which it leaves marked not complete with no length
     * (0x80000000) until the store header is written. That file is the journal's last: a journal not closed, with the
     * same records salvaged as when the store header is complete and the header block was not yet written.
     */
    @Test
    void shouldReportAWriterKilledAsChronicleStartedItsNewCycleFileAsUnclosed() throws IOException
    {
        final Path rolling = writeCycles(3);
        final Path last = JournalFiles.cycleFiles(rolling).get(2);
        final long storeHeaderEnd = 4 + (readInt(last, 0) & CycleFileScanner.LENGTH_MASK);
        zeroFrom(last, storeHeaderEnd); // the store header, and nothing after it yet
        assertUnclosedAt(rolling, last, (storeHeaderEnd + 3) & ~3L, "store header complete", "");

        writeBytes(last, 0, intBytes(CycleFileScanner.NOT_COMPLETE));
        assertUnclosedAt(rolling, last, 0, "store header not complete", ", and Chronicle had not finished its " +
            "store header there (its document header is still 0x80000000, not complete)");

        truncate(last, 0);
        assertUnclosedAt(rolling, last, 0, "empty", ", and is empty");
    }

    /**
     * @param holds what the report says the last cycle file holds, after "holds no header block".
     */
    private static void assertUnclosedAt(
        final Path rolling, final Path last, final long at, final String state, final String holds)
    {
        final JournalCorruptException ex = readExpectingDamage(rolling);
        assertEquals(Reason.UNCLOSED, ex.reason(), state + ": " + ex.getMessage());
        assertEquals(last, ex.file(), state);
        assertEquals(at, ex.filePosition(), state);
        assertTrue(ex.getMessage().contains("its last cycle file holds no header block" + holds +
            " (the run was killed as it rolled to that file)"), ex.getMessage());
        final SalvageResult salvaged = JournalReader.open(rolling).salvage((r) -> { });
        assertEquals(20 + 2, salvaged.records(), state + ": the first two cycle files' records and headers");
        assertEquals(Reason.UNCLOSED, salvaged.damage().reason(), state);
        assertFalse(salvaged.closed(), state);
        assertEquals(20, readEvents(JournalReader.builder(rolling).live(true).build()).size(), state + ", live");
    }

    @Test
    void shouldReportAnEmptyOrUnstartedCycleFileThatIsNotTheJournalsLastAsDamage() throws IOException
    {
        final Path rolling = writeCycles(3);
        final Path middle = JournalFiles.cycleFiles(rolling).get(1);
        writeBytes(middle, 0, intBytes(CycleFileScanner.NOT_COMPLETE));

        final JournalCorruptException unstarted = readExpectingDamage(rolling);
        assertEquals(Reason.INCOMPLETE_DOCUMENT, unstarted.reason(), unstarted.getMessage());
        assertEquals(middle, unstarted.file());
        assertEquals(10 + 1, JournalReader.open(rolling).salvage((r) -> { }).records());

        truncate(middle, 0);
        final JournalCorruptException empty = readExpectingDamage(rolling);
        assertEquals(Reason.TRUNCATED, empty.reason(), empty.getMessage());
        assertEquals(middle, empty.file());
        assertEquals(10 + 1, JournalReader.open(rolling).salvage((r) -> { }).records());

        writeBytes(file, 0, intBytes(CycleFileScanner.NOT_COMPLETE));
        assertEquals(Reason.INCOMPLETE_DOCUMENT, readExpectingDamage(dir).reason(), "the journal's only cycle file");
        truncate(file, 0);
        assertEquals(Reason.TRUNCATED, readExpectingDamage(dir).reason(), "the journal's only cycle file");
    }

    /**
     * Zero a file's bytes from a position on, keeping its size.
     */
    private static void zeroFrom(final Path file, final long position) throws IOException
    {
        final long size = Files.size(file);
        truncate(file, position);
        writeBytes(file, size - 1, new byte[1]);
    }

    @Test
    void shouldReportAnEndBlockWhoseHeaderWasNeverWrittenAsUnclosed() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        writeBytes(file, endBlock, new byte[4]);

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.UNCLOSED, ex.reason(), ex.getMessage());
        assertEquals(endBlock, ex.filePosition());
        assertEquals(docs.get(docs.size() - 1).documentIndex() + 1, ex.documentIndex());
        assertTrue(ex.getMessage().contains("without the end block"), ex.getMessage());
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(written.size() + 1, salvaged.records());
        assertFalse(salvaged.closed());
    }

    @Test
    void shouldReportBytesBeyondTheLongestDocumentAfterAnUnwrittenHeaderAsTrailingData() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        writeBytes(file, endBlock, new byte[4]);
        final long beyond = endBlock + 4 + CycleFileScanner.MAX_DOCUMENT_LENGTH;
        writeBytes(file, beyond, new byte[]{7});

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(endBlock + 4, ex.filePosition(), "the first non-zero byte after the unwritten header");
        assertEquals(written.size() + 1, JournalReader.open(dir).salvage((r) -> { }).records());
    }

    @Test
    void shouldReportAnUnwrittenHeaderFollowedByDataInACycleFileThatIsNotTheLastAsTrailingData() throws IOException
    {
        final Path rolling = writeCycles(2);
        final Path first = JournalFiles.cycleFiles(rolling).get(0);
        final Doc lastOfFirst = documents(rolling).stream().filter((d) -> d.file().equals(first))
            .reduce((a, b) -> b).orElseThrow();
        writeBytes(first, lastOfFirst.filePosition(), new byte[4]);

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(first, ex.file());
        assertEquals(lastOfFirst.filePosition() + 4, ex.filePosition());
    }

    @Test
    void shouldReportADocumentStoppedMidAppendInAJournalOfAFormatWithoutEndBlocksAsIncomplete() throws IOException
    {
        final Path old = root.resolve("v3");
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(old).build(), HEADER, JournalDescriptor.END_BLOCK_VERSION - 1);
        for (int i = 0; i < 100; i++)
        {
            writer.appendAdvance(i);
        }
        writer.close();
        final List<Doc> oldDocs = documents(old);
        final Doc last = oldDocs.get(oldDocs.size() - 1);
        writeBytes(last.file(), last.filePosition(), new byte[4]);

        final JournalCorruptException ex = readExpectingDamage(old);

        assertEquals(Reason.INCOMPLETE_DOCUMENT, ex.reason(), ex.getMessage());
        assertEquals(last.filePosition(), ex.filePosition());
        assertEquals(last.documentIndex(), ex.documentIndex(), "the document whose header is still 0");
        assertEquals(1 + 100 - last.records(), JournalReader.open(old).salvage((r) -> { }).records());
    }

    @Test
    void shouldReportALostLastCycleFileAsUnclosed() throws IOException
    {
        final Path rolling = writeCycles(3);
        final List<Path> files = JournalFiles.cycleFiles(rolling);
        assertEquals(3, files.size(), "closing after the clock moved on opens no cycle file for the END block");
        assertEquals(30, readEvents(JournalReader.open(rolling)).size());

        Files.delete(files.get(2));

        final JournalCorruptException ex = readExpectingDamage(rolling);
        assertEquals(Reason.UNCLOSED, ex.reason(), ex.getMessage());
        assertEquals(files.get(1), ex.file());
        assertEquals(20 + 2, JournalReader.open(rolling).salvage((r) -> { }).records());
    }

    /**
     * A later cycle file whose header is not the first one's (a cycle file of another shard or run copied in) names
     * the fields that differ, the configuration hash in hex as the other identity checks print it, rather than two
     * records' toString with the hash as a signed decimal and every field alike.
     */
    @Test
    void shouldNameTheFieldsALaterCycleFilesHeaderDiffersIn() throws IOException
    {
        final Path rolling = writeCycles(2);
        final List<Path> files = rewriteSecondCycleFileHeader(rolling, (block) ->
        {
            block.putInt(JournalDescriptor.SHARD_ID_OFFSET, 3);
            block.putLong(JournalDescriptor.CONFIG_HASH_OFFSET, -2L);
        });

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.IDENTITY_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals(files.get(1), ex.file());
        assertEquals("cycle file header differs from the journal's first header: configHash found=0xfffffffffffffffe " +
            "expected=0x123456789abcdef0, shardId found=3 expected=2", ex.detail());
    }

    /**
     * A later cycle file of another shard (copied in), whose block numbering is that shard's, is named by its header's
     * identity: its block index was checked first, and the file reported as a block repeated.
     */
    @Test
    void shouldNameALaterCycleFileOfAnotherShardByItsHeaderRatherThanItsBlockIndex() throws IOException
    {
        final Path rolling = writeCycles(2);
        final List<Path> files = rewriteSecondCycleFileHeader(rolling, (block) ->
        {
            block.putInt(JournalDescriptor.SHARD_ID_OFFSET, 3);
            block.putLong(BLOCK_INDEX_OFFSET, block.getLong(BLOCK_INDEX_OFFSET) - 1);
        });

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.IDENTITY_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals(files.get(1), ex.file());
        assertEquals("cycle file header differs from the journal's first header: shardId found=3 expected=2",
            ex.detail());
    }

    /**
     * So is one that sorts after the last cycle file of a closed journal: it was reported as a document after the
     * journal's end block, whoever's file it was.
     */
    @Test
    void shouldNameACycleFileOfAnotherShardAfterTheEndBlockByItsHeader() throws IOException
    {
        final Path rolling = writeCycles(2);
        final Path last = JournalFiles.cycleFiles(rolling).get(1);
        final Doc header = documents(rolling).stream().filter(doc -> doc.file().equals(last)).findFirst()
            .orElseThrow();
        final Path foreign = Files.copy(last, last.resolveSibling(last.getFileName().toString()
            .replace(JournalFiles.CYCLE_FILE_SUFFIX, "z" + JournalFiles.CYCLE_FILE_SUFFIX)));
        rewriteBlock(foreign, header.filePosition(), (block) -> block.putInt(JournalDescriptor.SHARD_ID_OFFSET, 3));

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.IDENTITY_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals(foreign, ex.file());
        assertEquals("cycle file header differs from the journal's first header: shardId found=3 expected=2",
            ex.detail());
        assertTrue(JournalReader.open(rolling).salvage((r) -> { }).closed(), "every block up to the end is whole");
    }

    @Test
    void shouldNameACycleFileThatIsALinkToAFileNoLongerThere() throws IOException
    {
        final Path rolling = writeCycles(3);
        final List<Path> files = JournalFiles.cycleFiles(rolling);
        Files.delete(files.get(1));
        // the cycle file was moved to other storage and linked back; that storage is gone
        Files.createSymbolicLink(files.get(1), root.resolve("unmounted").resolve(files.get(1).getFileName()));

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.IO_ERROR, ex.reason(), ex.getMessage());
        assertEquals(files.get(1), ex.file(), ex.getMessage());
        assertEquals(10 + 1, JournalReader.open(rolling).salvage((r) -> { }).records());
    }

    /**
     * An entry named as a cycle file that is not a file (a directory; a named pipe, whose opening would wait for a
     * writer) is not read, and the report says why the blocks it held, or every cycle file, are missing: the journal
     * was said to hold no cycle files, or blocks missing, with the entry there by that name.
     */
    @Test
    void shouldNameAnEntryNamedAsACycleFileThatIsNoFile() throws IOException
    {
        final Path rolling = writeCycles(3);
        final List<Path> files = JournalFiles.cycleFiles(rolling);
        Files.delete(files.get(1));
        Files.createDirectory(files.get(1));
        final Path single = root.resolve("single");
        Files.createDirectories(single.resolve(files.get(0).getFileName()));
        final String notRead = files.get(1).getFileName() + " is named as a cycle file but not a regular file (a " +
            "directory, a named pipe or a device): not read";

        final JournalCorruptException gap = readExpectingDamage(rolling);
        final JournalCorruptException none = readExpectingDamage(single);

        assertEquals(Reason.BLOCK_SEQUENCE, gap.reason(), gap.getMessage());
        assertTrue(gap.detail().endsWith(" (blocks missing; " + notRead + ")"), gap.detail());
        assertEquals(Reason.MISSING_HEADER, none.reason(), none.getMessage());
        assertEquals("no cycle files (*.cq4) in the journal directory; " + files.get(0).getFileName() + " is named as " +
            "a cycle file but not a regular file (a directory, a named pipe or a device): not read", none.detail());
    }

    /**
     * So is one in place of the journal's last cycle file, which held its end block: the journal read as not closed,
     * "the journal's last blocks or cycle files are missing", without a word of the entry there by that name.
     */
    @Test
    void shouldNameAnEntryNamedAsTheLastCycleFileThatIsNoFile() throws IOException
    {
        final Path rolling = writeCycles(2);
        final List<Path> files = JournalFiles.cycleFiles(rolling);
        Files.delete(files.get(1));
        Files.createDirectory(files.get(1));

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.UNCLOSED, ex.reason(), ex.getMessage());
        assertTrue(ex.detail().endsWith("; " + files.get(1).getFileName() + " is named as a cycle file but not a " +
            "regular file (a directory, a named pipe or a device): not read"), ex.detail());
    }

    @Test
    void shouldReportADocumentAfterTheEndBlock()
    {
        // the writer's clock: the document goes into the closed cycle file, after its END block
        try (SingleChronicleQueue queue =
                SingleChronicleQueueBuilder.binary(dir).timeProvider(() -> FIXED_EPOCH_MILLIS).build();
            ExcerptAppender appender = queue.createAppender())
        {
            final Bytes<?> bytes = Bytes.allocateElasticDirect(64);
            bytes.writeLong(42);
            appender.writeBytes(bytes);
            bytes.releaseLast();
        }

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains("document after the journal's end block (block " + docs.size() + ")"),
            ex.getMessage());
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(written.size() + 1, salvaged.records());
        assertTrue(salvaged.closed(), salvaged.describe());
    }

    @Test
    void shouldReportMissingBlock() throws IOException
    {
        final Doc doc = docs.get(5);
        final long blockStart = doc.filePosition() + 4;
        final int length = readInt(file, doc.filePosition()) & CycleFileScanner.LENGTH_MASK;
        final ByteBuffer block = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            channel.read(block, blockStart);
            block.putLong(JournalDescriptor.BLOCK_INDEX_OFFSET,
                block.getLong(JournalDescriptor.BLOCK_INDEX_OFFSET) + 1);
            block.putInt(JournalDescriptor.CHECKSUM_OFFSET, Checksum.compute(new CRC32C(), block.duplicate(), length));
            block.clear();
            channel.write(block, blockStart);
        }

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.BLOCK_SEQUENCE, ex.reason(), ex.getMessage());
        assertEquals(doc.documentIndex(), ex.documentIndex());
        assertEquals("block index found=6 expected=5 (blocks missing)", ex.detail());
    }

    @Test
    void shouldReportARepeatedBlock() throws IOException
    {
        final Doc doc = docs.get(5);
        rewriteBlock(file, doc.filePosition(), (block) -> block.putLong(BLOCK_INDEX_OFFSET, 4));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.BLOCK_SEQUENCE, ex.reason(), ex.getMessage());
        assertEquals(doc.documentIndex(), ex.documentIndex());
        assertEquals(doc.filePosition(), ex.filePosition());
        assertEquals("block index found=4 expected=5 (block repeated)", ex.detail());
        assertEquals(1 + docs.get(1).records() + docs.get(2).records() + docs.get(3).records() +
            docs.get(4).records(), JournalReader.open(dir).salvage((r) -> { }).records(), "the blocks before it");
    }

    @Test
    void shouldReportInputCarryingDispatchFieldsInAValidBlockNamingTheRecord() throws IOException
    {
        final JournalCorruptException ex = readWithFirstRecordHeaderChanged(TAG_FAILED_FLAG);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("input with dispatch fields"), ex.getMessage());
    }

    @Test
    void shouldReportTypeLongerThan32BitsInAValidBlockNamingTheRecord() throws IOException
    {
        // type length code 1 -> 5 (bits 10..12: 001 -> 101)
        final JournalCorruptException ex = readWithFirstRecordHeaderChanged(4 << EVENT_TYPE_SHIFT);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("exceeds 32 bits"), ex.getMessage());
    }

    @Test
    void shouldReportInputDispatchedWithoutItsDispatchInRecordCountNamingTheRecord() throws IOException
    {
        final JournalCorruptException ex = readWithFirstRecordHeaderChanged(TAG_INPUT ^ TAG_INPUT_DISPATCHED);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("input and dispatch pair at record 0 of recordCount=1"), ex.getMessage());
    }

    @Test
    void shouldReportInputDispatchedInAVersion2BlockNamingTheRecord() throws IOException
    {
        final JournalCorruptException ex = readWithFirstRecordHeaderChanged(
            TAG_INPUT ^ TAG_INPUT_DISPATCHED, JournalDescriptor.MIN_FORMAT_VERSION);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("in a version 2 block"), ex.getMessage());
    }

    @Test
    void shouldReportPackedRecordInAVersion4BlockNamingTheRecord() throws IOException
    {
        final JournalCorruptException ex =
            readWithFirstRecordHeaderChanged(TAG_INPUT ^ TAG_PACKED, JournalDescriptor.END_BLOCK_VERSION);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("in a version 4 block"), ex.getMessage());
    }

    @Test
    void shouldReportLayoutWiderThanALongNamingFieldAndRecord() throws IOException
    {
        // a0's width (field 4, bits 16..19 of the widths) becomes 9
        final JournalCorruptException ex = readWithPackedBlockChanged(2, (byte)0x09);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("layout width of field 4 is 9 bytes (at most 8)"), ex.getMessage());
        assertTrue(ex.getMessage().contains("of type slot 1"), ex.getMessage());
    }

    @Test
    void shouldReportPackedRecordWithoutLayoutNamingTheRecord() throws IOException
    {
        final JournalCorruptException ex = readWithPackedBlockChanged(-1, (byte)TAG_PACKED);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("packed record of type slot 0 before any layout record of that slot"),
            ex.getMessage());
    }

    @Test
    void shouldReportReservedFlagsInALayoutTagNamingTheRecord() throws IOException
    {
        final JournalCorruptException ex = readWithPackedBlockChanged(-1, (byte)(PACKED_LAYOUT_TAG | TAG_FAILED_FLAG));

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex());
        assertTrue(ex.getMessage().contains("reserved flags set in tag=0x" +
            Integer.toHexString(PACKED_LAYOUT_TAG | TAG_FAILED_FLAG)), ex.getMessage());
    }

    @Test
    void shouldReportPackedRecordWithoutItsDispatchInRecordCountNamingTheRecord() throws IOException
    {
        final Path packed = writePackedJournal();
        changeBlock(packed, PACKED_BLOCK, (block) -> block.putInt(RECORD_COUNT_OFFSET, 3));

        final JournalCorruptException ex = readExpectingDamage(packed);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(2, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("input and dispatch pair at record 2 of recordCount=3"), ex.getMessage());
    }

    @Test
    void shouldReportAPackedRecordRunningPastTheEndOfItsBlockNamingTheRecord() throws IOException
    {
        // a2 and a3 (fields 6 and 7, bits 24..31 of the widths) become 8 bytes wide: the first PACKED record no
        // longer fits in what is left of the block
        final JournalCorruptException ex = readWithPackedBlockChanged(3, (byte)0x88);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(0, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.getMessage().contains("record runs past the end of the block"), ex.getMessage());
    }

    /** LAYOUT of type slot 1, the first record of {@link #writePackedJournal()}'s {@link #PACKED_BLOCK}. */
    private static final int PACKED_LAYOUT_TAG = TAG_PACKED | TAG_LAYOUT_FLAG | 1 << TAG_SLOT_SHIFT;

    /** The document of {@link #writePackedJournal()} that holds its PACKED records. */
    private static final int PACKED_BLOCK = 2;

    /**
     * @return a journal whose second data block, {@link #PACKED_BLOCK}, holds the LAYOUT of type slot 1 and then two
     * PACKED records of type 1 (recordCount 4).
     */
    private Path writePackedJournal()
    {
        final Path packed = root.resolve("packed");
        try (JournalWriter writer =
            new ChronicleJournalWriter(config(packed).build(), HEADER, JournalDescriptor.FORMAT_VERSION, 1))
        {
            writer.appendInputAndDispatch(10, 0, 1, 2, 3, 4, 5, 6, false);
            writer.flush();
            writer.appendInputAndDispatch(11, 1, 1, 2, 3, 4, 5, 6, false);
            writer.appendInputAndDispatch(12, 2, 1, 2, 3, 4, 5, 6, false);
        }
        return packed;
    }

    /**
     * In {@link #writePackedJournal()}'s {@link #PACKED_BLOCK}, set the byte at {@code widthsOffset} after the LAYOUT's
     * tag byte (-1: the tag byte itself, which then reads as a PACKED record of slot 0) and re-checksum the block.
     */
    private JournalCorruptException readWithPackedBlockChanged(final int widthsOffset, final byte value)
        throws IOException
    {
        final Path packed = writePackedJournal();
        changeBlock(packed, PACKED_BLOCK, (block) ->
        {
            assertEquals(PACKED_LAYOUT_TAG, block.get(BLOCK_HEADER_LENGTH));
            assertEquals(4, block.getInt(RECORD_COUNT_OFFSET));
            block.put(BLOCK_HEADER_LENGTH + 1 + widthsOffset, value);
        });
        return readExpectingDamage(packed);
    }

    /**
     * Found by reading {@code HeaderCodec} while writing the re-sealed damage of
     * {@code JournalRandomDamagePropertyTest}; random damage does not reach it, as it needs a header block whose
     * checksum holds: a model id of malformed UTF-8 was decoded leniently to U+FFFD, three bytes each, and
     * {@link JournalHeader} refused the result as too long with an IllegalArgumentException that escaped {@code read()}
     * and {@code salvage()}.
     */
    @Test
    void shouldReportAHeaderWhoseModelIdIsNotUtf8AsMalformed() throws IOException
    {
        final Path named = root.resolve("long-model");
        final String modelId = "m".repeat(1000);
        try (JournalWriter writer = JournalWriter.open(config(named).build(), new JournalHeader(HEADER.engineVersion(),
            modelId, HEADER.configHash(), HEADER.shardId(), HEADER.shardCount(), HEADER.timeUnit(), HEADER.startTime(),
            HEADER.seed())))
        {
            writer.appendAdvance(HEADER.startTime() + 1);
        }
        final int modelAt = ENGINE_VERSION_OFFSET + 2 * STRING_LENGTH_LENGTH + HEADER.engineVersion().length();
        changeBlock(named, 0, (block) ->
        {
            assertEquals(modelId.length(), block.getShort(modelAt - STRING_LENGTH_LENGTH));
            for (int i = 0; i < modelId.length(); i++)
            {
                block.put(modelAt + i, (byte)0xFF);
            }
        });

        final JournalCorruptException ex = readExpectingDamage(named);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains("header block fields are malformed"), ex.getMessage());
        assertEquals(0, ex.documentIndex(), ex.getMessage());
        final SalvageResult salvaged = JournalReader.open(named).salvage((r) -> { });
        assertEquals(0, salvaged.records(), salvaged.describe());
        assertEquals(Reason.MALFORMED_BLOCK, salvaged.damage().reason(), salvaged.describe());
    }

    /**
     * A header block whose checksum holds but whose time unit is none of {@link java.util.concurrent.TimeUnit}'s, or
     * whose shard id is not below its shard count, is damage named like any other, not an exception of another kind
     * escaping {@code read()} and {@code salvage()}.
     */
    @Test
    void shouldReportAHeaderWhoseTimeUnitOrShardIsOutOfRangeAsMalformed() throws IOException
    {
        final int timeUnit = readInt(file, docs.get(0).filePosition() + 4 + TIME_UNIT_OFFSET);
        final int[][] changes = {
            {TIME_UNIT_OFFSET, java.util.concurrent.TimeUnit.values().length},
            {TIME_UNIT_OFFSET, -1},
            {SHARD_ID_OFFSET, HEADER.shardCount()},
            {SHARD_ID_OFFSET, -1},
            {SHARD_COUNT_OFFSET, 0},
        };
        for (final int[] change : changes)
        {
            rewriteBlock(file, docs.get(0).filePosition(), (block) ->
            {
                block.putInt(TIME_UNIT_OFFSET, timeUnit);
                block.putInt(SHARD_ID_OFFSET, HEADER.shardId());
                block.putInt(SHARD_COUNT_OFFSET, HEADER.shardCount());
                block.putInt(change[0], change[1]);
            });

            final JournalCorruptException ex = readExpectingDamage(dir);

            final String what = "offset " + change[0] + " = " + change[1];
            assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), what + ": " + ex.getMessage());
            assertEquals("header block fields are malformed", ex.detail(), what);
            assertEquals(0, ex.documentIndex(), what);
            assertEquals(Reason.MALFORMED_BLOCK, JournalReader.open(dir).salvage((r) -> { }).damage().reason(), what);
        }
    }

    /**
     * Change the block of a journal's only cycle file's {@code document}-th document in place and re-checksum it, so
     * only the record-level checks can find the change.
     */
    private static void changeBlock(final Path journal, final int document, final Consumer<ByteBuffer> change)
        throws IOException
    {
        rewriteBlock(onlyCycleFile(journal), documents(journal).get(document).filePosition(), change);
    }

    /**
     * Change the header block of a journal's second cycle file and checksum it again.
     *
     * @return the journal's cycle files.
     */
    private List<Path> rewriteSecondCycleFileHeader(final Path journal, final Consumer<ByteBuffer> change)
        throws IOException
    {
        final List<Path> files = JournalFiles.cycleFiles(journal);
        final Doc header = documents(journal).stream().filter(doc -> doc.file().equals(files.get(1))).findFirst()
            .orElseThrow();
        rewriteBlock(header.file(), header.filePosition(), change);
        return files;
    }

    private static void rewriteBlock(final Path cycleFile, final long documentPosition,
        final Consumer<ByteBuffer> change) throws IOException
    {
        final long blockStart = documentPosition + 4;
        final int length = readInt(cycleFile, documentPosition) & CycleFileScanner.LENGTH_MASK;
        final ByteBuffer block = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            channel.read(block, blockStart);
            change.accept(block);
            block.putInt(CHECKSUM_OFFSET, Checksum.compute(new CRC32C(), block.duplicate(), length));
            block.clear();
            channel.write(block, blockStart);
        }
    }

    /**
     * One data block holding one INPUT; xor its event header with {@code bits} and re-checksum the block, so only the
     * record-level checks can find the damage.
     */
    private JournalCorruptException readWithFirstRecordHeaderChanged(final int bits) throws IOException
    {
        return readWithFirstRecordHeaderChanged(bits, JournalDescriptor.FORMAT_VERSION);
    }

    private JournalCorruptException readWithFirstRecordHeaderChanged(final int bits, final int formatVersion)
        throws IOException
    {
        final Path one = root.resolve("one-input");
        try (JournalWriter writer = new ChronicleJournalWriter(config(one).build(), HEADER, formatVersion))
        {
            writer.appendInput(5, 1, 2, 3, 4, 5, 6);
        }
        changeBlock(one, 1, (block) ->
        {
            final int header = block.getInt(BLOCK_HEADER_LENGTH);
            assertEquals(TAG_INPUT, header & TAG_KIND_MASK);
            block.putInt(BLOCK_HEADER_LENGTH, header ^ bits);
        });
        return readExpectingDamage(one);
    }

    @Test
    void shouldReportWrongFormatVersionNamingBoth()
    {
        assertUnsupportedVersion(JournalDescriptor.FORMAT_VERSION + 1);
    }

    @Test
    void shouldReportJournalOfAFormatVersionBeforeTheOldestReadable()
    {
        assertUnsupportedVersion(JournalDescriptor.MIN_FORMAT_VERSION - 1);
    }

    @Test
    void shouldReadJournalOfThePreviousFormatVersion()
    {
        final Path v2 = root.resolve("v2");
        final List<Rec> recs = marketStream(300, 7);
        writeFused(new ChronicleJournalWriter(config(v2).maxRecordsPerBlock(50).build(), HEADER,
            JournalDescriptor.FORMAT_VERSION - 1), recs);

        assertEquals(recs, readEvents(JournalReader.open(v2)));
    }

    private void assertUnsupportedVersion(final int version)
    {
        final Path other = root.resolve("v" + version);
        try (JournalWriter writer = new ChronicleJournalWriter(config(other).build(), HEADER, version))
        {
            writer.appendAdvance(1);
        }

        final JournalCorruptException ex = readExpectingDamage(other);

        assertEquals(Reason.UNSUPPORTED_VERSION, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains("found=" + version + " expected=" + JournalDescriptor.FORMAT_VERSION),
            ex.getMessage());
        assertEquals(0, ex.documentIndex());
    }

    @Test
    void shouldReportJournalOfAnotherModel()
    {
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
            () -> JournalReader.builder(dir).requireModelId("combat-v1").build().read((r) -> { }));

        assertEquals(Reason.IDENTITY_MISMATCH, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains("modelId found=market-v1 expected=combat-v1"), ex.getMessage());
    }

    @Test
    void shouldReportJournalOfAnotherEngine()
    {
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
            () -> JournalReader.builder(dir).requireEngineVersion("9.9").build().header());

        assertEquals(Reason.IDENTITY_MISMATCH, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains("engineVersion found=0.1.0-test expected=9.9"), ex.getMessage());
    }

    @Test
    void shouldAcceptMatchingIdentity()
    {
        final JournalReader reader = JournalReader.builder(dir).requireModelId("market-v1")
            .requireEngineVersion("0.1.0-test").requireConfigHash(HEADER.configHash()).requireShardId(2).build();

        assertEquals(written.size() + 1, reader.read((r) -> { }));
    }

    @Test
    void shouldReportQueueThatIsNotAJournal()
    {
        final Path other = root.resolve("plain");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(other).build();
            ExcerptAppender appender = queue.createAppender())
        {
            final Bytes<?> bytes = Bytes.allocateElasticDirect(64);
            for (int i = 0; i < 64; i++)
            {
                bytes.writeByte((byte)i);
            }
            appender.writeBytes(bytes);
            bytes.releaseLast();
        }

        assertEquals(Reason.BAD_MAGIC, readExpectingDamage(other).reason());
    }

    @Test
    void shouldReportAQueueWhoseFirstDocumentIsShorterThanABlockHeaderAsNotAJournal()
    {
        final Path other = root.resolve("short");
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(other).build();
            ExcerptAppender appender = queue.createAppender())
        {
            final Bytes<?> bytes = Bytes.allocateElasticDirect(16);
            for (int i = 0; i < BLOCK_HEADER_LENGTH / 2; i++)
            {
                bytes.writeByte((byte)i);
            }
            appender.writeBytes(bytes);
            bytes.releaseLast();
        }

        final JournalCorruptException ex = readExpectingDamage(other);

        assertEquals(Reason.BAD_MAGIC, ex.reason(), ex.getMessage());
        assertTrue(ex.getMessage().contains("(length=" + BLOCK_HEADER_LENGTH / 2 + ")"), ex.getMessage());
    }

    @Test
    void shouldReportDirectoryWithoutJournal() throws IOException
    {
        final Path empty = Files.createDirectories(root.resolve("empty"));

        assertEquals(Reason.MISSING_HEADER, readExpectingDamage(empty).reason());
    }

    /**
     * A run's journal root given where one shard's journal directory is wanted (to a ShardReplayer, say) was reported
     * only as a directory without cycle files, as if the journal were gone.
     */
    @Test
    void shouldNameTheJournalsInTheSubDirectoriesOfADirectoryWithoutCycleFiles() throws IOException
    {
        final Path run = root.resolve("run");
        for (final String shard : new String[]{ "shard-1", "shard-0", "shard-2", "shard-3" })
        {
            try (JournalWriter writer = JournalWriter.open(config(run.resolve(shard)).build(), HEADER))
            {
                writer.appendAdvance(HEADER.startTime() + 1);
            }
        }
        Files.createDirectories(run.resolve("empty"));

        assertEquals("no cycle files (*.cq4) in the journal directory, but its sub-directories shard-0, shard-1, " +
            "shard-2 and 1 more hold journals: a directory of one journal each (a run's journal root) is read one " +
            "sub-directory at a time", readExpectingDamage(run).detail());
    }

    @Test
    void shouldSayPlainlyThatTheDirectoryIsMissing()
    {
        final Path missing = root.resolve("shard-9");

        final JournalCorruptException ex = readExpectingDamage(missing);

        assertEquals(Reason.MISSING_HEADER, ex.reason(), ex.getMessage());
        assertEquals(missing, ex.file());
        assertEquals("journal corrupt: MISSING_HEADER: shard directory missing: " + missing + " file=" + missing,
            ex.getMessage());
        assertEquals("shard directory missing: " + missing,
            JournalReader.open(missing).salvage((r) -> { }).damage().detail());
    }

    @Test
    void shouldSayWhyADirectoryCannotBeListedWithoutAnExceptionName() throws IOException
    {
        final Path loop = root.resolve("shard-7");
        Files.createSymbolicLink(loop, loop.getFileName());

        final JournalCorruptException ex = readExpectingDamage(loop);

        assertEquals(Reason.IO_ERROR, ex.reason(), ex.getMessage());
        assertEquals(loop, ex.file());
        assertTrue(ex.getMessage().startsWith("journal corrupt: IO_ERROR: cannot list directory: " + loop + ": "),
            ex.getMessage());
        assertFalse(ex.getMessage().contains("Exception"), ex.getMessage());
        assertEquals("cannot list directory: " + ex.getCause().getMessage(), ex.detail(), "the system's reason");
    }

    /**
     * Format version 4 is the oldest whose writer appends an END block on close: a journal of that version without it
     * is not closed, as one of today's is, whether its writer stopped mid-append, between documents or as it rolled to
     * a new cycle file.
     */
    @Test
    void shouldReportAJournalOfTheOldestFormatWithEndBlocksAsUnclosedWithoutIt() throws IOException
    {
        final Path rolling = writeCycles(3, END_BLOCK_VERSION);
        final Path last = JournalFiles.cycleFiles(rolling).get(2);
        final Doc lastData = documents(rolling).get(5);
        assertEquals(last, lastData.file());
        final long endBlock = (documentEnd(lastData) + 3) & ~3L;
        assertEquals(END_BLOCK_LENGTH, readInt(last, endBlock) & CycleFileScanner.LENGTH_MASK, "the END document");

        writeBytes(last, endBlock, new byte[4]);
        final JournalCorruptException midAppend = readExpectingDamage(rolling);
        assertEquals(Reason.UNCLOSED, midAppend.reason(), midAppend.getMessage());
        assertEquals(endBlock, midAppend.filePosition());
        assertTrue(midAppend.getMessage().contains("journal ends after block 5 without the end block its writer " +
            "appends on close: a document was being appended at byte " + endBlock), midAppend.getMessage());

        writeBytes(last, endBlock, new byte[4 + END_BLOCK_LENGTH]);
        final JournalCorruptException lostEnd = readExpectingDamage(rolling);
        assertEquals(Reason.UNCLOSED, lostEnd.reason(), lostEnd.getMessage());
        assertEquals(last, lostEnd.file());
        assertEquals(lastData.documentIndex() + 1, lostEnd.documentIndex(), "the document after the last one");
        assertEquals(endBlock, lostEnd.filePosition());
        assertTrue(lostEnd.getMessage().contains("journal ends after block 5 without the end block"),
            lostEnd.getMessage());

        zeroFrom(last, 4 + (readInt(last, 0) & CycleFileScanner.LENGTH_MASK));
        final JournalCorruptException rolled = readExpectingDamage(rolling);
        assertEquals(Reason.UNCLOSED, rolled.reason(), rolled.getMessage());
        assertEquals(last, rolled.file());
        assertTrue(rolled.getMessage().contains("journal ends after block 3 without the end block"),
            rolled.getMessage());
        assertEquals(20 + 2, JournalReader.open(rolling).salvage((r) -> { }).records());
    }

    @Test
    void shouldReportAnEndBlockThatCountsRecordsOfItsOwnAsMalformed() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        rewriteBlock(file, endBlock, (block) -> block.putInt(RECORD_COUNT_OFFSET, 1));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(endBlock, ex.filePosition());
        assertEquals(docs.size(), ex.documentIndex());
        assertEquals("end block of length=" + END_BLOCK_LENGTH + " recordCount=1 (expected length=" +
            END_BLOCK_LENGTH + " recordCount=0)", ex.detail());
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(written.size() + 1, salvaged.records());
        assertFalse(salvaged.closed());
    }

    /**
     * The END block counts the journal's records; a journal read from its first block must hold that many. (One whose
     * first cycle files retention deleted cannot, and is not held to it: {@code JournalRetentionTest}.)
     */
    @Test
    void shouldReportAnEndBlockWhoseTotalIsNotTheRecordsOfTheDataBlocksAsMalformed() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        rewriteBlock(file, endBlock, (block) -> block.putLong(TOTAL_RECORDS_OFFSET, written.size() - 1));

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(endBlock, ex.filePosition());
        assertEquals(docs.size(), ex.documentIndex());
        assertEquals("end block counts totalRecords=" + (written.size() - 1) + " but the journal's data blocks hold " +
            written.size(), ex.detail());
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(written.size() + 1, salvaged.records());
        assertFalse(salvaged.closed());
    }

    @Test
    void shouldDescribeTheSalvageOfAWholeJournalAsComplete()
    {
        final SalvageResult result = JournalReader.open(dir).salvage((r) -> { });

        assertTrue(result.isComplete());
        assertTrue(result.closed());
        assertEquals("complete: records=" + (written.size() + 1) + " blocks=" + (docs.size() + 1), result.describe(),
            "the header block, the data blocks and the END block");
    }

    @Test
    void shouldReportJournalOfAnotherShardWhenShardZeroIsRequired()
    {
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
            () -> JournalReader.builder(dir).requireShardId(0).build().read((r) -> { }));

        assertEquals(Reason.IDENTITY_MISMATCH, ex.reason(), ex.getMessage());
        assertEquals("journal of another shard: shardId found=2 expected=0", ex.detail());
        assertEquals(0, ex.documentIndex());
    }

    @Test
    void shouldReportJournalOfAnEngineWithAnotherShardCount()
    {
        for (final int shardCount : new int[] {1, 3, 5})
        {
            final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
                () -> JournalReader.builder(dir).requireShardCount(shardCount).build().read((r) -> { }));

            assertEquals(Reason.IDENTITY_MISMATCH, ex.reason(), ex.getMessage());
            assertEquals("journal of an engine with another shard count: shardCount found=4 expected=" + shardCount,
                ex.detail());
        }
        assertEquals(written.size() + 1, JournalReader.builder(dir).requireShardCount(4).build().read((r) -> { }));
    }

    /**
     * A rolled cycle file ends with Chronicle's end-of-data marker and its "EOF" text; every byte after them must be
     * zero, as after the data of the journal's last cycle file.
     */
    @Test
    void shouldReportJunkAfterTheEndMarkerOfARolledCycleFileAsTrailingData() throws IOException
    {
        final Path rolling = writeCycles(2);
        final Path first = JournalFiles.cycleFiles(rolling).get(0);
        final Doc lastOfFirst = documents(rolling).get(1);
        assertEquals(first, lastOfFirst.file());
        long marker = (documentEnd(lastOfFirst) + 3) & ~3L;
        while (readInt(first, marker) != CycleFileScanner.END_OF_DATA) // Chronicle's meta-data documents, if any
        {
            marker = (marker + 4 + (readInt(first, marker) & CycleFileScanner.LENGTH_MASK) + 3) & ~3L;
        }
        assertEquals(CycleFileScanner.EOF_TEXT, readInt(first, marker + 4));
        final long junk = marker + 8 + 100;
        writeBytes(first, junk, new byte[] {0x11});

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(first, ex.file());
        assertEquals(junk, ex.filePosition());
        assertEquals(lastOfFirst.documentIndex() + 1, ex.documentIndex(), "the document after the last one");
        assertTrue(ex.getMessage().contains("non-zero byte 0x11 at " + junk + " after the end of the data at " +
            (marker + 8)), ex.getMessage());
        assertEquals(10 + 1, JournalReader.open(rolling).salvage((r) -> { }).records());
    }

    /**
     * Chronicle ends a rolled cycle file with the end-of-data marker and then its "EOF" text: a live reader that reads
     * the marker before the text is all there (seen reading a journal as it rolled: "TRAILING_DATA: non-zero byte 0xc3
     * at 527840 after the end of the data at 527840") took the text's first byte as junk after the data. Live reading
     * does not look for junk after the data; a finished journal's reader still reports it.
     */
    @Test
    void shouldTakeTheEndMarkerOfARolledCycleFileAsItsEndWhenReadLiveWhateverFollowsIt() throws IOException
    {
        final Path rolling = writeCycles(2);
        final Path first = JournalFiles.cycleFiles(rolling).get(0);
        long marker = (documentEnd(documents(rolling).get(1)) + 3) & ~3L;
        while (readInt(first, marker) != CycleFileScanner.END_OF_DATA) // Chronicle's meta-data documents, if any
        {
            marker = (marker + 4 + (readInt(first, marker) & CycleFileScanner.LENGTH_MASK) + 3) & ~3L;
        }
        writeBytes(first, marker + 4, intBytes(CycleFileScanner.EOF_TEXT & 0xFF)); // the text being written

        assertEquals(2 * (10 + 1), JournalReader.builder(rolling).live(true).build().read((r) -> { }),
            "every record of both cycle files and their headers");
        final JournalCorruptException ex = readExpectingDamage(rolling);
        assertEquals(Reason.TRAILING_DATA, ex.reason(), ex.getMessage());
        assertEquals(marker + 4, ex.filePosition());
    }

    /**
     * A document header declares at most {@link CycleFileScanner#MAX_DOCUMENT_LENGTH} bytes: a document of that length
     * cut by the end of the file is a truncated one, or, read live, one still being written; a longer one is garbage.
     */
    @Test
    void shouldTakeADocumentOfTheLongestLengthAsOneAndALongerOneAsGarbage() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        final int longest = CycleFileScanner.MAX_DOCUMENT_LENGTH;
        assertTrue(Files.size(file) < endBlock + 4 + longest, "the file ends within the longest document");

        writeBytes(file, endBlock, intBytes(longest));
        final JournalCorruptException cut = readExpectingDamage(dir);
        assertEquals(Reason.TRUNCATED, cut.reason(), cut.getMessage());
        assertEquals(endBlock, cut.filePosition());

        writeBytes(file, endBlock, intBytes(longest + 1));
        final JournalCorruptException garbage = readExpectingDamage(dir);
        assertEquals(Reason.MALFORMED_BLOCK, garbage.reason(), garbage.getMessage());
        assertTrue(garbage.getMessage().contains("impossible document header=0x" +
            Integer.toHexString(longest + 1)), garbage.getMessage());

        final JournalReader live = JournalReader.builder(dir).live(true).build();
        writeBytes(file, endBlock, intBytes(CycleFileScanner.NOT_COMPLETE | longest));
        assertEquals(written.size() + 1, live.read((r) -> { }), "a document of the longest length being written");
        writeBytes(file, endBlock, intBytes(CycleFileScanner.NOT_COMPLETE | (longest + 1)));
        final JournalCorruptException incomplete = assertThrows(JournalCorruptException.class,
            () -> live.read((r) -> { }));
        assertEquals(Reason.INCOMPLETE_DOCUMENT, incomplete.reason(), incomplete.getMessage());
        assertEquals(endBlock, incomplete.filePosition());
    }

    @Test
    void shouldReportBytesWithinTheLongestDocumentAfterAnUnwrittenHeaderAsAWriterStoppedMidAppend()
        throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        writeBytes(file, endBlock, new byte[4]);
        final long lastOfLongest = endBlock + 4 + CycleFileScanner.MAX_DOCUMENT_LENGTH - 1;
        writeBytes(file, lastOfLongest, new byte[]{7});

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.UNCLOSED, ex.reason(), ex.getMessage());
        assertEquals(endBlock, ex.filePosition());
        assertEquals(written.size() + 1, JournalReader.open(dir).salvage((r) -> { }).records());
    }

    /**
     * A closed journal that lost pages (12 KiB of zeros from a data document's header on, as a page cache that never
     * wrote them back leaves): intact blocks and the END block follow the zeros, more than one document a writer
     * stopped appending could hold, so it is a hole in the file, named with where it starts and ends and the block
     * after it, not a journal not closed. Salvage stops at it as at any damage.
     */
    @Test
    void shouldReportZerosFromADocumentHeaderFollowedByIntactBlocksAsAHoleInTheFile() throws IOException
    {
        final Doc first = docs.get(5);
        final long holeEnd = first.filePosition() + 12 * 1024;
        writeBytes(file, first.filePosition(), new byte[12 * 1024]);
        int after = 6;
        while (docs.get(after).filePosition() < holeEnd)
        {
            after++;
        }

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals("journal damaged", ex.headline());
        assertEquals(first.filePosition(), ex.filePosition());
        assertEquals(first.documentIndex(), ex.documentIndex());
        assertTrue(ex.getMessage().contains("hole in the cycle file: bytes " + first.filePosition() + " to "),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("intact block (block " + after + ") follows at byte " +
            docs.get(after).filePosition()), ex.getMessage());
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(salvagedEvents(salvaged, docs, 5), salvaged.records());
        assertFalse(salvaged.closed());
    }

    @Test
    void shouldReportAHoleInACycleFileThatIsNotTheLastAsAHoleNotTrailingData() throws IOException
    {
        final Path rolling = root.resolve("rolling");
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        try (JournalWriter writer = JournalWriter.open(config(rolling).rollCycle(JournalRollCycle.TEST_SECONDLY)
            .epochMillisClock(clock::get).maxRecordsPerBlock(2).build(), HEADER))
        {
            for (int c = 0; c < 2; c++)
            {
                for (int i = 0; i < 20; i++)
                {
                    writer.appendAdvance(c * 100L + i);
                    writer.flush();
                }
                clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            }
        }
        final Path first = JournalFiles.cycleFiles(rolling).get(0);
        final List<Doc> firstDocs = documents(rolling).stream().filter((d) -> d.file().equals(first)).toList();
        final long holeStart = firstDocs.get(3).filePosition();
        writeBytes(first, holeStart, new byte[(int)(firstDocs.get(5).filePosition() + 8 - holeStart)]);

        final JournalCorruptException ex = readExpectingDamage(rolling);

        assertEquals(Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(first, ex.file());
        assertEquals(holeStart, ex.filePosition());
        assertTrue(ex.getMessage().contains("hole in the cycle file: bytes " + holeStart + " to "), ex.getMessage());
        assertTrue(ex.getMessage().contains("intact block (block 6) follows at byte " +
            firstDocs.get(6).filePosition()), ex.getMessage());
    }

    /**
     * A cycle file cut right after a document whose length is not a multiple of 4 ends before the next document's
     * header, which would start at the next multiple of 4: the report names that position, past the file's end.
     */
    @Test
    void shouldReportACycleFileCutRightAfterADocumentWhereTheNextHeaderWouldStart() throws IOException
    {
        int cutAfter = 1;
        while (documentEnd(docs.get(cutAfter)) % 4 == 0)
        {
            cutAfter++;
        }
        final long end = documentEnd(docs.get(cutAfter));
        truncate(file, end);

        final JournalCorruptException ex = readExpectingDamage(dir);

        assertEquals(Reason.TRUNCATED, ex.reason(), ex.getMessage());
        assertEquals((end + 3) & ~3L, ex.filePosition());
        assertEquals(cutAfter + 1, ex.documentIndex());
        assertTrue(ex.getMessage().contains("cycle file ends at byte " + end + " inside a document header"),
            ex.getMessage());
        long records = 0;
        for (int i = 0; i <= cutAfter; i++)
        {
            records += docs.get(i).records();
        }
        assertEquals(records, JournalReader.open(dir).salvage((r) -> { }).records(), "every block before the cut");
    }

    /**
     * Chronicle's meta-data documents (its store header, index arrays) are skipped; one too short to be a journal
     * block is not taken for one whose document header gained the meta-data bit.
     */
    @Test
    void shouldSkipAChronicleMetaDataDocumentShorterThanABlockHeader() throws IOException
    {
        final long endBlock = (documentEnd(docs.get(docs.size() - 1)) + 3) & ~3L;
        final long afterEnd = (endBlock + 4 + END_BLOCK_LENGTH + 3) & ~3L;
        writeBytes(file, afterEnd, intBytes(CycleFileScanner.META_DATA | 8));
        writeBytes(file, afterEnd + 4, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        assertEquals(written, readEvents(JournalReader.open(dir)));
    }

    /**
     * The reader opens each cycle file in turn and closes it when done, whether it read the journal whole, stopped at
     * a limit or at damage: a process that reads journals (an inspector, a replay service) holds no descriptor after.
     * The journal is a copy no Chronicle queue has opened, whose own descriptors close in the background.
     */
    @Test
    void shouldCloseEveryCycleFileItReads() throws IOException
    {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux only");
        final Path rolling = writeCycles(3);
        final Path copy = Files.createDirectories(root.resolve("copy"));
        for (final Path cycleFile : JournalFiles.cycleFiles(rolling))
        {
            Files.copy(cycleFile, copy.resolve(cycleFile.getFileName()));
        }
        final JournalReader reader = JournalReader.open(copy);
        assertEquals(List.of(), openFilesUnder(copy));

        assertEquals(30 + 3, reader.read((r) -> { }));
        assertEquals(List.of(), openFilesUnder(copy), "read whole");
        assertEquals(5, reader.read(JournalQuery.builder().limit(5).build(), (r) -> { }));
        assertEquals(List.of(), openFilesUnder(copy), "stopped at a limit");
        assertEquals(HEADER, reader.header());
        assertEquals(List.of(), openFilesUnder(copy), "the header only");
        Files.delete(JournalFiles.cycleFiles(copy).get(2));
        assertThrows(JournalCorruptException.class, () -> reader.read((r) -> { }));
        assertEquals(List.of(), openFilesUnder(copy), "stopped at damage");
    }

    /**
     * @return the files under {@code dir} this process holds descriptors of.
     */
    private static List<String> openFilesUnder(final Path dir) throws IOException
    {
        final List<String> open = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd")))
        {
            for (final Path fd : fds)
            {
                try
                {
                    final String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir + "/"))
                    {
                        open.add(target);
                    }
                }
                catch (final IOException ex)
                {
                    // closed since the directory was listed
                }
            }
        }
        return open;
    }

    private static byte[] intBytes(final int value)
    {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
