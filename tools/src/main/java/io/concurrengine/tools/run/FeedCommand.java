package io.concurrengine.tools.run;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.tools.AtomicFiles;
import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.FileOption;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigListing;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.journal.JournalInputs;
import io.concurrengine.tools.feed.FeedAddress;
import io.concurrengine.tools.feed.InputSource;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.NetworkFeed;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code concurrengine feed}: the synthetic market flow {@code run} publishes, or the inputs of a run's journal
 * ({@link JournalInputs}), written as the lines of a feed file ({@link MarketFeedFile}), to standard output, a file or
 * a TCP connection. The configuration is {@code run}'s (the
 * same {@code engine.toml}, environment and flags), so {@code run --feed} of the lines runs to the same state hash as
 * {@code run} of the flow itself, and a network feed can be tried end to end with no other program.
 */
@Command(
    name = "feed",
    mixinStandardHelpOptions = true,
    description = {
        "Write the synthetic market flow run publishes, or a run's journaled inputs, as feed-file lines: to stdout, "
            + "a file or a TCP connection.",
        "",
        "The same configuration as run (--config, CONCURRENGINE_*, the flags below), so that run --feed of the lines "
            + "prints the state hash run prints for the flow; with --journal DIR the inputs of that run, so that run "
            + "--feed of them prints its state hash (an event-time run's: a wall-clock run's clock also moved on "
            + "by itself, which the lines do not carry). A header line first. Exit 0 when every line was written, 1 if "
            + "writing failed on the way, the journal is damaged or holds an input no line can hold (the lines "
            + "before it were written), 2 on bad input "
            + "(configuration, a directory that is not a finished run's journal, a destination that cannot be opened)."
    })
public final class FeedCommand implements Callable<Integer>
{
    /** {@code --out -}: standard output, as {@code run --feed -} reads standard input. */
    static final String STDOUT = "-";

    /** The line written before the inputs. */
    static final String HEADER = "time,type,instrument,id,side,price,quantity,extra\n";

    private static final int CHUNK_CHARS = 1 << 20;
    private static final int LONGEST_LINE = 160;
    /** How long a stop waits for the command's report before the stop hook says how far it got. */
    private static final long STOP_REPORT_TIMEOUT_SECONDS = 5;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "engine.toml overriding the embedded defaults")
    String configFile;

    @Option(names = "--events", paramLabel = "N",
        description = "inputs to write, e.g. 1000000, 10M or 1e6 (run.events: 10M by default)")
    String events;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the synthetic feed")
    String seed;

    @Option(names = "--rate", paramLabel = "R",
        description = "inputs per second of feed time (the flow's spacing, as run --rate gives it), or max")
    String rate;

    @Option(names = "--journal", paramLabel = "DIR", description = "write the inputs of a run's journal instead of "
        + "the synthetic flow: every shard's, merged in time order (run --feed of them prints an event-time run's "
        + "state hash on any number of shards)")
    Path journal;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file instead of stdout (- is stdout)")
    String outText;
    /** {@code --out} as a path, once {@link #checkOptions()} found it names no directory; null for stdout. */
    private Path outFile;

    @Option(names = "--to", paramLabel = "ADDRESS", description = "send over TCP instead of stdout: "
        + "tcp://HOST:PORT connects to a run with --feed tcp-listen://..., and tcp-listen://HOST:PORT waits for a run "
        + "that connects with --feed tcp://...")
    String to;

    @Option(names = "--print-config", description = "print the configuration of the synthetic flow the command would "
        + "write (every key, what it means, where its value came from) as TOML that --config loads, and exit without "
        + "writing or connecting anywhere; a configuration that would be refused is refused the same way (exit 2)")
    boolean printConfig;

    private volatile boolean stopRequested;
    /** The destination being opened, as messages name it: for a stop whose report does not come. */
    private volatile String openingDestination;
    /** Where the lines go, as messages name it, once it is open: for a stop whose report does not come. */
    private volatile String openDestination;
    /** The socket a {@code tcp-listen://} destination waits on for a run's connection, which a stop closes. */
    private volatile ServerSocketChannel listening;
    /** That socket's address, its port bound, once it listens: for a stop while it waits. */
    private volatile String listeningOn;
    /** The temporary file the lines go to before they replace {@code --out}'s file, once it is open, else null. */
    private volatile Output replacing;
    /** Inputs and bytes of the chunks written whole so far: for a stop whose report does not come. */
    private volatile long writtenSoFar;
    private volatile long bytesSoFar;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String usageProblem = checkOptions();
        if (null != usageProblem)
        {
            return refuse(out, err, CommandError.USAGE, usageProblem);
        }
        if (null != outFile && STDOUT.equals(outFile.toString()))
        {
            outFile = null; // as run --feed - reads standard input: a pipe between the two
        }
        // its three flags are named as run's are
        final ConfigLoader loader = new ConfigLoader().flagNames(RunOptions.FLAG_NAMES);
        final EngineConfig config;
        final FeedAddress address;
        try
        {
            config = null != journal ? null :
                loader.load(ConfigLoader.configFile(configFile), System.getenv(), flags(),
                    null == events ? Map.of() : Map.of("run.duration", "run.events"), "feed", Map.of(), false);
            address = null == to ? null : FeedAddress.parse(to);
        }
        catch (final ConfigException ex)
        {
            return refuse(out, err, CommandError.CONFIG, ex.getMessage());
        }
        catch (final IllegalArgumentException ex)
        {
            return refuse(out, err, CommandError.USAGE, "--to: " + ex.getMessage());
        }
        if (null != config && config.events() <= 0)
        {
            return refuse(out, err, CommandError.CONFIG, "feed writes a count of inputs, and run.events is 0 (" +
                config.sources().getOrDefault("run.events", "configuration") + "): give --events N");
        }
        if (printConfig)
        {
            out.print(new ConfigListing(loader).toml(config, "feed"));
            out.flush();
            return 0;
        }
        return feed(config, address, out, err);
    }

    /**
     * @return null if the flags go together, else why they do not.
     */
    private String checkOptions()
    {
        if (null != outText && outText.isEmpty()) // --out "$FILE" left unset: Path.of("") is the working dir
        {
            return "--out \"\": an empty path, not a file to write: give a file, or leave --out out for stdout";
        }
        if (null != outText && FileOption.namesADirectory(outText))
        {
            return "--out " + FileOption.problem(outText);
        }
        outFile = null == outText ? null : Path.of(outText);
        if (null != outFile && null != to)
        {
            return "--out " + outFile + " and --to " + to +
                " contradict each other; give one";
        }
        if (null != outText && FeedAddress.isNetwork(outText))
        {
            // a file's path would lose the address's "//", and run --feed takes the text for an address
            return "--out " + outText + " is a network address, not a file: --to sends the lines over TCP (" +
                FeedAddress.CONNECT_SCHEME + "://HOST:PORT or " + FeedAddress.LISTEN_SCHEME + "://HOST:PORT); " +
                "write ./" + outText.strip() + " for a path that starts so";
        }
        if (null != journal && printConfig)
        {
            return "--print-config shows the configuration of the synthetic flow, and --journal writes a journal's " +
                "inputs instead; give one";
        }
        if (null != journal && (null != configFile || null != events || null != seed || null != rate))
        {
            return "--journal writes the journal's inputs: --config, --events, --seed and --rate shape the synthetic " +
                "flow; give them without --journal";
        }
        return null;
    }

    /**
     * Open the source (the journal's inputs, or the synthetic flow) and the destination, and write the one to the
     * other.
     *
     * @param config  the synthetic flow's configuration, or null with {@code --journal}.
     * @param address {@code --to}'s address, or null.
     * @return the exit code.
     */
    private int feed(final EngineConfig config, final FeedAddress address, final PrintWriter out,
        final PrintWriter err)
    {
        // a path that white space begins or ends is quoted, as run quotes such a feed file's
        final String destination = null != address ? address.toString() : null != outFile ?
            PrintableText.quotedIfSpaced(outFile.toString()) : "stdout";
        if (null != journal && null != outFile && Files.isDirectory(journal) &&
            RunJournalDir.inside(outFile, journal))
        {
            // opening it empties it before a record is read: run.toml or a cycle file would be lost
            return refuse(out, err, CommandError.USAGE, "--out " + outFile +
                " is inside the journal directory " + journal +
                " that --journal reads: writing there would damage it; write the inputs elsewhere");
        }
        if (null != journal && null != outFile && linkedInto(outFile, journal))
        {
            return refuse(out, err, CommandError.USAGE, "--out " + outFile + " is a file of the journal directory " +
                journal + " that --journal reads, by another of its links: writing there would damage it; write the " +
                "inputs elsewhere");
        }
        if (null != configFile && null != outFile && FileKind.isSameFileNotDevice(outFile, Path.of(configFile)))
        {
            // opening it empties it: the configuration just read would be lost
            return refuse(out, err, CommandError.USAGE, "--out " + outFile + " is the configuration file " +
                configFile + " that --config reads: writing there would replace it; write the inputs elsewhere");
        }
        final JournalInputs inputs;
        try
        {
            inputs = null == journal ? null : JournalInputs.open(journal);
        }
        catch (final ConfigException ex)
        {
            return refuse(out, err, CommandError.JOURNAL, ex.getMessage());
        }
        catch (final JournalCorruptException ex)
        {
            return new CommandError("feed", 1, CommandError.JOURNAL, JournalInputs.describe(ex)).report(out, err,
                false);
        }
        // Ctrl-C or SIGTERM: the lines stop at a chunk's end, the destination is closed with every line whole and the
        // command says how far it got before the JVM exits with the signal's status (not waiting long for a write
        // that is blocked, as by a reader that does not read: the hook says how far it got then); a wait for a run to
        // connect ends at once, nothing written, and one for another destination to open is said by the hook
        opening(destination);
        final RunStopHook hook = RunStopHook.install(this::requestStop, () ->
        {
            err.println(PrintableText.escape(unreportedStop()));
            err.flush();
        }, "concurrengine-feed-stop", STOP_REPORT_TIMEOUT_SECONDS);
        try
        {
            final Output writer;
            try
            {
                writer = open(address, out, err);
            }
            catch (final IOException | RuntimeException ex)
            {
                if (null != inputs)
                {
                    inputs.close();
                }
                if (stopRequested && null != listeningOn)
                {
                    err.println(PrintableText.escape("concurrengine feed: stopped by a signal while waiting for a run " +
                        "to connect to " + listeningOn + ": nothing written"));
                    err.flush();
                    return 0;
                }
                final String cannot = null == address ? " cannot be written: " :
                    address.listens() ? " cannot be listened on: " : " cannot be connected to: ";
                return refuse(out, err, CommandError.FEED, destination + cannot + IoProblems.describe(ex));
            }
            final String written = null == writer.name ? destination : writer.name;
            openDestination = written;
            replacing = null == writer.temp ? null : writer;
            if (null == inputs)
            {
                return write(InputSource.of(new SyntheticOrderFlow(RunFeed.flow(config))), config.events(), writer,
                    written, err, new MarketInput());
            }
            try (inputs)
            {
                inputs.warnOfStrayShards(err);
                final MarketInput last = new MarketInput().set(0, 0, 0, 0, 0, 0, Long.MIN_VALUE);
                final int code = write(inputs, Long.MAX_VALUE, writer, written, err, last);
                if (0 == code && !stopRequested && inputs.lastAdvance() > last.feedTime())
                {
                    err.println(String.format(Locale.ROOT, "concurrengine feed: the run's clock was advanced to %d, " +
                        "after its last input's time%s, which the lines do not carry: the timers due by then fired " +
                        "in the run but not in a run of the lines, whose state hash differs; replay re-executes the " +
                        "run", inputs.lastAdvance(), Long.MIN_VALUE == last.feedTime() ? "" : ", " + last.feedTime()));
                    err.flush();
                }
                if (0 == code && MarketConfig.DEFAULT_BAND_WIDTH != inputs.bandWidth())
                {
                    err.println(String.format(Locale.ROOT, "concurrengine feed: the run's market.band_width was %d, " +
                        "which the lines do not carry: run --feed of them prints the run's state hash with the same " +
                        "(in --config, or CONCURRENGINE_MARKET_BAND_WIDTH=%d)", inputs.bandWidth(),
                        inputs.bandWidth()));
                    err.flush();
                }
                return code;
            }
        }
        finally
        {
            hook.reported(out, err);
        }
    }

    /**
     * Ctrl-C or SIGTERM: stop writing at the end of the chunk being written. Threadsafe.
     */
    void requestStop()
    {
        stopRequested = true;
        final ServerSocketChannel server = listening;
        if (null != server)
        {
            closeWaiting(server);
        }
    }

    /**
     * @param destination the destination about to be opened, as messages name it.
     */
    void opening(final String destination)
    {
        openingDestination = destination;
    }

    /**
     * Close the socket that waits for a run's connection: its accept() ends with an exception.
     */
    private static void closeWaiting(final ServerSocketChannel server)
    {
        try
        {
            server.close();
        }
        catch (final IOException ex)
        {
            // the wait ends either way: accept() on a closing channel fails
        }
    }

    /**
     * @return what the stop hook says when the command's own report of a stop did not come within
     * {@value #STOP_REPORT_TIMEOUT_SECONDS} s, a write being blocked (a reader that does not read): how far the lines
     * got, the chunk being written left out, which may end in the middle of a line. Threadsafe.
     */
    String unreportedStop()
    {
        if (null == openDestination)
        {
            return String.format(Locale.ROOT, "concurrengine feed: stopped by a signal while opening %s, which did " +
                "not end within %d s: nothing written", openingDestination, STOP_REPORT_TIMEOUT_SECONDS);
        }
        final Output temporary = replacing;
        if (null != temporary && !temporary.moved)
        {
            // the file's earlier content is still at its path: the lines went to the temporary file, which goes
            AtomicFiles.discard(temporary.temp);
            return String.format(Locale.ROOT, "concurrengine feed: stopped by a signal while a write to %s was " +
                "blocked for %d s: %s (%s) had been written to a temporary file beside it, now removed%s",
                openDestination, STOP_REPORT_TIMEOUT_SECONDS, Plural.of(writtenSoFar, "input"),
                Plural.of(bytesSoFar, "byte"), temporary.kept(openDestination));
        }
        return String.format(Locale.ROOT, "concurrengine feed: stopped by a signal while a write to %s was blocked " +
            "for %d s (nothing read it): %s (%s) were written before the chunk it was writing, whose last line may " +
            "be cut", openDestination, STOP_REPORT_TIMEOUT_SECONDS, Plural.of(writtenSoFar, "input"),
            Plural.of(bytesSoFar, "byte"));
    }

    private Map<String, String> flags()
    {
        final Map<String, String> flags = new LinkedHashMap<>();
        if (null != events)
        {
            flags.put("run.events", events);
            flags.put("run.duration", "0s");
        }
        if (null != seed)
        {
            flags.put("run.seed", seed);
        }
        if (null != rate)
        {
            flags.put("run.rate", rate);
        }
        return flags;
    }

    /**
     * @return true if {@code file} exists and is, by its identity rather than its path, one of the files of a journal
     * in {@code directory} (its run.toml, run.lock or a shard's file): a hard link to it, which
     * {@link RunJournalDir#inside} does not see; false if it is not, or either cannot be read, which opening the file
     * or reading the directory then reports.
     */
    static boolean linkedInto(final Path file, final Path directory)
    {
        try
        {
            if (!Files.isRegularFile(file) || ((Number)Files.getAttribute(file, "unix:nlink")).intValue() < 2)
            {
                return false;
            }
            try (Stream<Path> files = Files.walk(directory, 2)) // run.toml, run.lock, shard-N and their files
            {
                return files.anyMatch(path -> sameFile(file, path));
            }
        }
        catch (final IOException | UncheckedIOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }

    private static boolean sameFile(final Path file, final Path other)
    {
        try
        {
            return Files.isSameFile(file, other);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * @return the file {@code --out} replaces whole, through a temporary file beside it: the path if nothing is there
     * yet, or the regular file it names (through a symbolic link, whose target is replaced and the link kept); null
     * for anything else, written directly: a named pipe, a device, {@code /dev/stdout} and the rest of /dev and /proc,
     * a file this process may not write (opening it says so), a path whose kind cannot be told.
     */
    static Path replacedWhole(final Path file)
    {
        final Path absolute = file.toAbsolutePath().normalize();
        if (absolute.startsWith("/dev") || absolute.startsWith("/proc"))
        {
            return null;
        }
        if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS))
        {
            return file;
        }
        try
        {
            return Files.isRegularFile(file) && Files.isWritable(file) ? file.toRealPath() : null;
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
    }

    /**
     * @return a temporary file beside {@code target} ({@link AtomicFiles#createTemporary}) with the permissions of the
     * file it replaces, if any; null if none can be made there (a directory this process may not write), and the file
     * is then written directly.
     */
    private static Path createTemporary(final Path target)
    {
        final Path temp;
        try
        {
            temp = AtomicFiles.createTemporary(target);
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
        try
        {
            if (Files.exists(target))
            {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            // the new file's permissions, as a file --out creates gets
        }
        return temp;
    }

    private Output open(final FeedAddress address, final PrintWriter out, final PrintWriter err) throws IOException
    {
        if (null != outFile)
        {
            final Path target = replacedWhole(outFile);
            final Path temp = null == target ? null : createTemporary(target);
            if (null != temp)
            {
                try
                {
                    return new Output(Files.newBufferedWriter(temp, StandardCharsets.US_ASCII), temp, target);
                }
                catch (final IOException | RuntimeException ex)
                {
                    AtomicFiles.discard(temp);
                    throw ex;
                }
            }
            return new Output(Files.newBufferedWriter(outFile, StandardCharsets.US_ASCII), null);
        }
        if (null == address)
        {
            return new Output(out, out);
        }
        if (!address.listens())
        {
            return new Output(Channels.newWriter(NetworkFeed.connect(address), StandardCharsets.US_ASCII), null);
        }
        try (ServerSocketChannel server = NetworkFeed.listen(address))
        {
            final InetSocketAddress local = (InetSocketAddress)server.getLocalAddress();
            err.println("concurrengine feed: listening on " + NetworkFeed.describeListening(address, local) +
                " for a run's connection");
            err.flush();
            listeningOn = address.bound(local.getPort()).toString();
            listening = server;
            if (stopRequested)
            {
                closeWaiting(server); // a stop that came before the socket was set, which it could not close
            }
            final SocketChannel connection;
            try
            {
                connection = server.accept();
            }
            finally
            {
                listening = null;
            }
            err.println("concurrengine feed: run connected from " +
                NetworkFeed.describe((InetSocketAddress)connection.getRemoteAddress()));
            err.flush();
            return new Output(Channels.newWriter(connection, StandardCharsets.US_ASCII), null,
                address.bound(local.getPort()).toString());
        }
    }

    /**
     * Write the header and the source's inputs, at most {@code limit}, in chunks of about a megabyte, then close the
     * destination (stdout is flushed, not closed).
     *
     * @param input the holder each input is read into: the last one taken once this returns.
     */
    private int write(
        final InputSource source, final long limit, final Output writer, final String destination,
        final PrintWriter err, final MarketInput input)
    {
        final long start = System.nanoTime();
        final StringBuilder chunk = new StringBuilder(CHUNK_CHARS + LONGEST_LINE).append(HEADER);
        long taken = 0;
        long written = 0;
        long bytes = 0;
        boolean stopped = false;
        try
        {
            while (taken < limit && source.next(input))
            {
                final String unwritable = MarketFeedFile.unwritable(input);
                if (null != unwritable)
                {
                    bytes += writer.write(chunk);
                    written = taken;
                    writer.finish(); // the lines before it are kept: a file's moved into place
                    return abandon(writer, err, unwritable(source, input, unwritable, written, bytes, destination));
                }
                MarketFeedFile.appendLine(input, chunk).append('\n');
                taken++;
                if (chunk.length() >= CHUNK_CHARS)
                {
                    bytes += writer.write(chunk);
                    written = taken;
                    bytesSoFar = bytes;
                    writtenSoFar = written;
                    if (stopRequested)
                    {
                        stopped = true;
                        break;
                    }
                }
            }
            bytes += writer.write(chunk);
            written = taken;
            bytesSoFar = bytes;
            writtenSoFar = written;
            writer.finish();
        }
        catch (final IOException ex)
        {
            // the destination may have taken part of the chunk that failed: a pipe to head took its first lines
            return abandon(writer, err, String.format(Locale.ROOT,
                "concurrengine feed: writing to %s failed after %s: %s%s", destination, taken > written ?
                String.format(Locale.ROOT, "%,d to %,d inputs", written, taken) : Plural.of(written, "input"),
                IoProblems.describe(ex), writer.kept(destination)));
        }
        catch (final JournalCorruptException ex)
        {
            final int flushed = writeBeforeDamage(writer, chunk, ex);
            if (flushed >= 0)
            {
                bytes += flushed;
                written = taken;
            }
            final boolean whole = source instanceof JournalInputs && ((JournalInputs)source).whole();
            final String damage = source instanceof JournalInputs ? ((JournalInputs)source).describeDamage(ex) :
                JournalInputs.describe(ex);
            if (flushed < 0 && !writer.kept(destination).isEmpty())
            {
                // the file the inputs before the damage went to could not be finished: it is not moved into place
                final Throwable[] failures = ex.getSuppressed();
                return abandon(writer, err, String.format(Locale.ROOT,
                    "concurrengine feed: %s; the inputs before it could not be written to %s: %s%s", damage,
                    destination, IoProblems.describe(failures[failures.length - 1]), writer.kept(destination)));
            }
            return abandon(writer, err, String.format(Locale.ROOT, whole ?
                "concurrengine feed: %s; it lies after the journal's end block: all %s (%s) were written to %s" :
                "concurrengine feed: %s; the %s before it (%s) were written to %s",
                damage, Plural.of(written, "input"), Plural.of(bytes, "byte"), destination));
        }
        final String replaced = !stopped && source instanceof JournalInputs ?
            ((JournalInputs)source).replacedWhileRead() : null;
        if (null != replaced)
        {
            err.println(PrintableText.escape(String.format(Locale.ROOT,
                "concurrengine feed: %s, so the %s written to %s (%s) may be of two runs", replaced,
                Plural.of(written, "input"), destination, Plural.of(bytes, "byte"))));
            err.flush();
            return 1;
        }
        err.println(PrintableText.escape(String.format(Locale.ROOT,
            "concurrengine feed: %s%s (%s) written to %s in %.2f s", stopped ? "stopped by a signal: " : "",
            Plural.of(written, "input"), Plural.of(bytes, "byte"), destination, (System.nanoTime() - start) / 1e9)));
        err.flush();
        return 0;
    }

    /**
     * Say why an input no feed line can hold (an embedder's engine may journal one: a side that is neither buy nor
     * sell, say) is refused, once the inputs before it are written: a line read back as another input would run to
     * another state hash, and one the reader refuses would stop the run there.
     */
    private static String unwritable(
        final InputSource source, final MarketInput input, final String unwritable, final long written,
        final long bytes, final String destination)
    {
        final String where = source instanceof JournalInputs ? ((JournalInputs)source).describeLast() :
            "input " + (written + 1);
        return String.format(Locale.ROOT, "concurrengine feed: %s, %s at time %d, cannot be written as a feed line: " +
            "%s; the %s before it (%s) were written to %s", where, MarketEvents.name(input.type()), input.feedTime(),
            unwritable, Plural.of(written, "input"), Plural.of(bytes, "byte"), destination);
    }

    /**
     * Write the inputs taken before the journal's damage and finish the destination ({@link Output#finish()}: a file
     * is moved into place).
     *
     * @return the characters written, or -1 if they could not be (the failure is added to {@code damage}).
     */
    private static int writeBeforeDamage(final Output writer, final StringBuilder chunk,
        final JournalCorruptException damage)
    {
        try
        {
            final int length = writer.write(chunk);
            writer.finish();
            return length;
        }
        catch (final IOException suppressed)
        {
            damage.addSuppressed(suppressed);
            return -1;
        }
    }

    /**
     * Say why writing stopped, with its control characters escaped, and close what this command opened.
     *
     * @return 1, the exit code.
     */
    private static int abandon(final Output writer, final PrintWriter err, final String message)
    {
        err.println(PrintableText.escape(message));
        err.flush();
        writer.abandon();
        return 1;
    }

    /**
     * Where the lines go: a writer this command opened, closed at the end, or standard output, flushed and left open.
     * A {@link PrintWriter} keeps its errors to itself, so stdout's are asked for after each flush. A file is written
     * to a temporary file beside it, moved over it once the lines end ({@link #finish()}) and removed if writing
     * fails ({@link #abandon()}), so that a full disk leaves the earlier file as it was rather than cut mid-line.
     */
    private static final class Output
    {
        private final Writer writer;
        private final PrintWriter stdout;
        private final String name;
        private final Path temp;
        private final Path target;
        private final boolean replacesAFile;
        /** Set once the temporary file is moved into place: read by the stop hook. */
        private volatile boolean moved;

        /**
         * @param writer the destination.
         * @param stdout the same writer if it is standard output, else null.
         */
        Output(final Writer writer, final PrintWriter stdout)
        {
            this(writer, stdout, null);
        }

        /**
         * @param writer the destination.
         * @param stdout the same writer if it is standard output, else null.
         * @param name   the destination's name in messages when it is not the one given ({@code tcp-listen://} of
         *               port 0, named by the port bound), else null.
         */
        Output(final Writer writer, final PrintWriter stdout, final String name)
        {
            this.writer = writer;
            this.stdout = stdout;
            this.name = name;
            this.temp = null;
            this.target = null;
            this.replacesAFile = false;
        }

        /**
         * @param writer the temporary file's writer.
         * @param temp   the temporary file ({@link AtomicFiles#createTemporary}).
         * @param target the file it replaces once every line is written.
         */
        Output(final Writer writer, final Path temp, final Path target)
        {
            this.writer = writer;
            this.stdout = null;
            this.name = null;
            this.temp = temp;
            this.target = target;
            this.replacesAFile = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        }

        /**
         * @param destination the destination as messages name it.
         * @return what a message adds once the lines were not moved over a file: that the file was kept as it was,
         * or that none was made; empty for a destination written directly.
         */
        String kept(final String destination)
        {
            if (null == temp)
            {
                return "";
            }
            return replacesAFile ? "; " + destination + " is as it was (the earlier file, kept whole)" :
                "; no file was made at " + destination;
        }

        /**
         * Write the chunk, flushed, and empty it: once this returns the destination has taken every line of it (a
         * file's or a connection's writer keeps the last few kilobytes until a flush, and a failure of that flush at
         * the close followed a count of them as written).
         *
         * @return the characters written (bytes: the lines are ASCII).
         * @throws IOException if they could not be written.
         */
        int write(final StringBuilder chunk) throws IOException
        {
            final int length = chunk.length();
            writer.append(chunk);
            chunk.setLength(0);
            if (null != stdout)
            {
                checkedFlush();
            }
            else
            {
                writer.flush();
            }
            return length;
        }

        /**
         * Every line written: stdout flushed, anything else closed.
         */
        void finish() throws IOException
        {
            if (null != stdout)
            {
                checkedFlush();
            }
            else
            {
                writer.close();
                if (null != temp && !moved)
                {
                    AtomicFiles.moveIntoPlace(temp, target);
                    moved = true;
                }
            }
        }

        /**
         * Writing failed (already reported): close what this command opened, leave stdout, remove a temporary file
         * not moved into place.
         */
        void abandon()
        {
            if (null != stdout)
            {
                return;
            }
            try
            {
                writer.close();
            }
            catch (final IOException ex)
            {
                // already reported: the write failed
            }
            if (null != temp && !moved)
            {
                AtomicFiles.discard(temp);
            }
        }

        private void checkedFlush() throws IOException
        {
            stdout.flush();
            if (stdout.checkError())
            {
                throw new IOException("the output was closed or its device is full");
            }
        }
    }

    private static int refuse(final PrintWriter out, final PrintWriter err, final String reason, final String message)
    {
        return new CommandError("feed", 2, reason, message).report(out, err, false);
    }
}
