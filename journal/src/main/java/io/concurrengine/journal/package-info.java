/*
 * Concurrengine journal.
 */

/**
 * The journal of one engine shard: everything needed to replay the shard bit-for-bit, in one Chronicle Queue.
 *
 * <h2>Public surface</h2>
 * {@link io.concurrengine.journal.JournalWriter} (one per shard, shard thread only) configured by
 * {@link io.concurrengine.journal.JournalConfig}; {@link io.concurrengine.journal.JournalReader} delivering
 * {@link io.concurrengine.journal.JournalRecord} flyweights to a {@link io.concurrengine.journal.JournalRecordHandler},
 * filtered by a {@link io.concurrengine.journal.JournalQuery}, rendered by
 * {@link io.concurrengine.journal.JournalInspector}; failures are
 * {@link io.concurrengine.journal.JournalWriteException} and {@link io.concurrengine.journal.JournalCorruptException}.
 * Everything else is package-private.
 *
 * <h2>Records</h2>
 * HEADER (identity: engine version, model id, config hash, shard id/count, time unit, start time, seed), INPUT (an
 * accepted event: time, type, target, a0..a3; its seq is implied by the shard's deterministic numbering), ADVANCE (a
 * clock advance that is not an input), DISPATCH (a dispatched event with its seq and an OK/FAILED status) and
 * SNAPSHOT (id, time). Replaying INPUT and ADVANCE records through the same shard logic re-creates the interleaving;
 * DISPATCH records are what the replay compares against.
 *
 * <h2>Blocks: batching and encoding</h2>
 * A Chronicle append costs 100-150 ns here (a document header, index upkeep, ordered stores), far above the budget
 * per event, so the writer batches: records are encoded into an on-heap block and one block becomes one Chronicle
 * document, written when it reaches {@link io.concurrengine.journal.JournalConfig#blockBytes()} (64 KiB by default)
 * or {@link io.concurrengine.journal.JournalConfig#maxRecordsPerBlock()}, on {@code flush()} and on {@code close()}.
 * The layout is in {@link io.concurrengine.journal.JournalDescriptor}: a 40-byte block header (checksum, length, block
 * index, base time, base seq, record count, kind, version, magic) and variable-length records. An INPUT or DISPATCH
 * (format version 2) is a 32-bit event header - tag, FAILED flag and a 3-bit length code per field - followed by its
 * fields as raw little-endian bytes: time as a zig-zag delta from the previous record, seq (DISPATCH only) as a delta
 * from "previous + 1", type, target, and each payload word as a zig-zag delta from the previous payload's word or
 * zig-zag raw, whichever has fewer significant bits; a 0 takes no bytes, so neither does a repeated word. A DISPATCH
 * that repeats one of the last 8 inputs of its block (the usual case: an input is dispatched at its stamped time) is a
 * single byte. An input dispatched as the very next event can instead be written, with
 * {@code JournalWriter.appendInputAndDispatch}, as one INPUT_DISPATCHED record (format version 3): a DISPATCH's header
 * and fields that readers present as the INPUT and then its DISPATCH, with no history stores or search (about 11 %
 * fewer instructions per event and one byte less; {@code bench/results/pipeline/journal-encoder}). Base time and base
 * seq in every block header make each block decodable on its own.
 * <p>
 * Format version 5 (the default writer's, {@link io.concurrengine.journal.JournalConfig#packed()}) spends bytes to save
 * the encoder's work: the writer counts the byte length of every field of 1,024 inputs dispatched at once (written as
 * INPUT_DISPATCHED), plans the widths that would have cost fewest bytes (counting an event that does not fit as 24
 * bytes) and a raw or delta coding per payload word, and from the next block on writes each such input that fits as a
 * PACKED record: a tag byte and eight stores at offsets the layout fixes, after a 6-byte LAYOUT record at the start of
 * each block. Inputs that do not fit are written in full; the layout is planned again after 131,072 events, or sooner
 * when more than 1 in 16 do not fit. Readers accept versions 2 to 5.
 * <p>
 * Encoding cost: the block is a {@code byte[]}; each field is one 8-byte little-endian store (a {@code VarHandle}
 * array view: one JDK range check, whatever {@code agrona.disable.bounds.checks} says) plus a {@code lzcnt} for its
 * length, and the payload coding is chosen without data-dependent branches. Version 1 wrote LEB128 varints byte by
 * byte through an Agrona buffer; version 2 costs about 40 % less CPU per event for about 0.5 byte more (the JMH
 * figures are in {@code bench/results/pipeline}). Measured on the benchmark's market stream (input + dispatch per
 * event): about 13.5 bytes per event.
 *
 * <h2>Checksum</h2>
 * CRC32C of every block (bytes 4 to the end), an intrinsic on x86 and ARM: about 0.1 ns/byte, about five times
 * cheaper than a 64-bit multiply-xor hash in Java, and it catches every burst error up to 32 bits. Checksumming per
 * block, not per record, costs ~1 ns per event; a damaged block is still located exactly (cycle file, document index,
 * byte offset), and structural errors inside a block whose checksum holds name the record index. So does a block cut
 * short by the end of its file (the record the cut falls in: the bytes before it are decoded, not delivered) and a
 * block whose checksum fails because of one damaged byte: a CRC is linear, so the stored checksum xor the computed one
 * depends only on the bits that differ, and stepping it back byte by byte finds the offset where one byte explains
 * it (the byte is named when exactly one offset does, its record when the block decodes with that byte restored).
 * A magic or format version that reads wrong is reported as such damage when one damaged byte inside it explains the
 * checksum mismatch, not as another file (BAD_MAGIC) or another release (UNSUPPORTED_VERSION); an unreadable version in
 * a block whose checksum fails for other reasons too is reported as UNSUPPORTED_VERSION saying it may be damage. Only
 * the journal's first header can be another release's: once it has been read, a block or a later cycle file's header
 * of another version, even one this reader reads, is damage inside the journal (MALFORMED_BLOCK naming found and
 * expected).
 *
 * <h2>Cycle files and retention</h2>
 * {@link io.concurrengine.journal.JournalRollCycle} picks the file length (hourly by default: up to 4 G documents,
 * i.e. about 10^12 records, per file). The writer starts every cycle file with a header block, written inside the
 * very document that rolled, so each file reads on its own. Retention keeps the newest N files or N bytes: Chronicle
 * reports released files through a {@code StoreFileListener}; the background thread then deletes the oldest files,
 * never the current one, and {@code close()} applies it once more. Block indexes run on across files, so a reader
 * notices a missing file in the middle but accepts a journal whose oldest files were retired.
 *
 * <h2>Pre-faulting</h2>
 * Chronicle maps each cycle file as a sparse file in chunks
 * ({@link io.concurrengine.journal.JournalConfig#chunkBytes()}, 4 MiB). The first write to a page makes the kernel
 * allocate a block, zero the page and, with this machine's 8 MiB read-ahead, fault in a window around it: a naive
 * appender measured a 17 ms P99. Chronicle's {@code pretouch()} is an enterprise feature. Here a daemon thread per
 * writer ({@code journal-maint-<dir>}) faults in, every
 * {@link io.concurrengine.journal.JournalConfig#pretouchIntervalNanos()} (1 ms), the pages ahead of the write position
 * through the writer's own {@code MappedFile} chunk stores, so it fills the very page-table entries the shard thread
 * will use, and holds a reservation on the chunks ahead so that their {@code mmap} also happens off the shard thread.
 * Pages up to two chunks ahead are mapped read-only ({@code madvise(MADV_POPULATE_READ)}, read-ahead turned off with
 * {@code MADV_RANDOM}, nothing dirtied); pages within
 * {@link io.concurrengine.journal.JournalConfig#pretouchWritableBytes()} (8 MiB) of the writer are then made writable
 * with {@code madvise(MADV_POPULATE_WRITE)}, which takes the file system's write fault ({@code page_mkwrite}) off the
 * shard thread and never changes a value (and, with {@link io.concurrengine.journal.JournalConfig#pretouchRead()}, read
 * once each while the writer is fast, which moves a virtual machine's cost of the first access to a page off it too).
 * One call per range instead of one fault per page cut this thread's CPU per event five-fold on a VM where a fault
 * costs 3-11 µs. With {@link io.concurrengine.journal.JournalConfig#hugePages()} (the default) each chunk mapped while
 * the writer is fast is also advised {@code MADV_HUGEPAGE} and the chunk after the prepared ones is mapped too, so the
 * file always extends past them: where the kernel maps file pages in 2 MiB units (Linux 6.18, ext4) that halved this
 * thread's CPU per event in bursts again. Kernels before 5.14 get a volatile read and a
 * {@code compareAndSwapLong(page, 0, 0)} per page instead: if Chronicle wrote the word first the CAS fails, and an
 * atomic read-modify-write cannot lose a concurrent Chronicle store. With
 * {@link io.concurrengine.journal.JournalConfig#dropWrittenPages()} the pages write-behind has written back are also
 * dropped from the page cache. See {@code JournalMaintenance} and the classes that do its jobs ({@code PagePreparer},
 * {@code ChunkMappings}, {@code WriteBehind}, {@code JournalFreeSpace}, {@code CycleRetention}) for the measurements
 * behind each choice.
 *
 * <h2>Durability</h2>
 * {@link io.concurrengine.journal.FsyncPolicy}: NONE (kernel write-back), ON_CLOSE (fsync every file written, then
 * the directory) or PER_BLOCK (fdatasync of the file after every block, and of the directory for every new file).
 * Under every policy a flushed block survives a crash of the process, since it sits in the shared mapping; unflushed
 * records in the block buffer do not. A write-back that fails (a device error, say) is never only logged: the
 * background thread holds every file written open and asks the kernel once a second, and the writer fails at its next
 * block naming the file and the error ({@code EIO}, {@code ENOSPC}); a failed force fails it at once.
 *
 * <h2>Failure behaviour</h2>
 * Writing: an append, flush or roll that fails throws {@link io.concurrengine.journal.JournalWriteException} naming the
 * directory; the writer is then failed and refuses further writes; blocks flushed before remain readable. A full disk
 * needs care: a write through a mapping to a page the file system cannot back is a SIGBUS, which HotSpot raises as an
 * {@code InternalError} <i>asynchronously</i> - possibly after the failing call returned, outside any catch of the
 * journal. So the background thread samples the file system's usable space every round (the writer subtracts what
 * every journal writer of the process, every shard, has written to that file system since the sample), and the floor
 * is kept in two steps. Once a block leaves less than
 * {@link io.concurrengine.journal.JournalConfig#minFreeBytes()} (64 MiB by default) the block is still written and
 * the writer reports itself out of space ({@link io.concurrengine.journal.JournalWriter#outOfSpace()}, a
 * {@link io.concurrengine.journal.JournalOutOfSpaceException}), so that its user can stop taking input, write what it
 * had accepted into the reserve below the floor and close the journal whole (the pre-toucher has stopped touching
 * pages by then). Below {@link io.concurrengine.journal.JournalConfig#hardFloorBytes()} (a quarter of the floor) the
 * writer refuses the block and fails cleanly with a {@code JournalWriteException}, nothing half-written, and the
 * journal salvages complete. Space taken by other processes faster than one round can still end in that
 * {@code InternalError}; the journal then holds every block flushed before and at most one damaged last document, which
 * the reader reports. Opening a writer on a directory that already holds a journal fails with
 * {@link java.lang.IllegalStateException}: one journal records one run.
 * <p>
 * Reading: the reader does not use Chronicle's tailer. It walks each cycle file's documents with positional reads
 * (no mapping: a file cut short cannot raise SIGBUS, and an incomplete document cannot make it wait), skipping
 * Chronicle's meta-data documents; the bytes after the data, which must be zeros, are read only where the file system
 * reports data, not holes ({@link io.concurrengine.journal.FileHoles}). Each damage stops with a
 * {@link io.concurrengine.journal.JournalCorruptException} whose
 * {@link io.concurrengine.journal.JournalCorruptException.Reason} says what: TRUNCATED (file ends inside a document or
 * without end), INCOMPLETE_DOCUMENT (a document whose header says it was never completed, or, in a format without END
 * blocks, one whose header was never written), CHECKSUM_MISMATCH (flipped bits), MALFORMED_BLOCK (garbage where a block
 * or document header should be, impossible lengths, malformed records), TRAILING_DATA (non-zero bytes after the end of
 * the data), BLOCK_SEQUENCE (missing or repeated blocks), BAD_MAGIC (not a journal), UNSUPPORTED_VERSION (names found
 * and expected), IDENTITY_MISMATCH (another model, engine, config or shard), MISSING_HEADER, IO_ERROR, and UNCLOSED:
 * since format 4 the writer's {@code close()} appends an END block, so a journal that ends without one (the writer was
 * killed or failed, or the journal lost its tail at a document boundary, even whole cycle files) is reported once its
 * records have been delivered, where it would otherwise read as a whole run. A writer killed mid-append is one of
 * those: Chronicle's appender writes a document's header only once the document is complete, so the file then holds a 0
 * header with part of a block behind it, which ends the last cycle file of an unclosed journal (non-zero bytes further
 * than the longest document, after the END block or in a cycle file followed by another are still TRAILING_DATA;
 * zeros from a document's header followed by an intact block are a hole in the file, MALFORMED_BLOCK).
 * {@code salvage()} returns the intact prefix and where it stopped instead of throwing, and whether it got as far as
 * the END block: damage after it (junk after the data) leaves every record of the run delivered, so a replay keeps the
 * last input, which it leaves out when the journal was not closed (its dispatches may have gone on in a block never
 * written). A journal still being written is read with {@code live(true)}: unwritten space and a document being
 * appended then end a cycle file, and no END block is asked for.
 * <p>
 * For comparison, Chronicle's own read-only tailer on the same damage (measured, Chronicle Queue 2026.4): a file cut
 * inside a document or its header reads the cut document as if whole, then ends without error; a flipped byte in a
 * block, junk appended to a file, and a not-complete last document are read or skipped without error; a flipped bit
 * in a document length, junk after the last document and a file cut inside Chronicle's store header end in
 * {@code InternalError} (SIGBUS reading past the end of the file through the mapping).
 */
package io.concurrengine.journal;
