package io.concurrengine.tools.telemetry;

import io.concurrengine.pipeline.ShardCounters;
import io.concurrengine.tools.FileOption;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.IntegerOption;
import io.concurrengine.tools.PrintableText;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code concurrengine stat [DIR]}: print the live counters of a running engine once a second, as AeronStat does.
 * Cumulative counters get a per-second rate, levels their value alone, told apart by their type ids
 * ({@link ShardCounters#CUMULATIVE_TYPE_ID}, {@link ShardCounters#LEVEL_TYPE_ID}; any other id is shown as a level).
 * <p>
 * Exit codes: 0 printed, 2 bad flags or no counters file at DIR (missing, not a counters file, or one of another
 * version), 1 the counters file could not be read (or was cut short while it was read).
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = {
        "Print the counters of a running (or finished) engine once a second, with per-second rates of the " +
            "cumulative ones (inputs, dispatched, journal bytes, errors, ...); levels (ring remaining capacity, " +
            "wheel size, wheel capacity, overflow size, last interval P50/P99/P99.9/max ns) show their value only.",
        "DIR is the data directory holding counters.dat (default: data), or the counters file itself."
    })
public final class StatCommand implements Callable<Integer>
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "data",
        description = "data directory or counters file", converter = Location.class)
    Path location;

    /**
     * DIR as the shell reads it: one that ends with '/' names a directory ({@link FileOption}), whose counters.dat is
     * read even while the directory is missing (the message names that file), and a file named so is refused, not
     * read without the slash.
     */
    static final class Location implements CommandLine.ITypeConverter<Path>
    {
        @Override
        public Path convert(final String value)
        {
            final Path path = Path.of(value);
            if (!FileOption.namesADirectory(value) || Files.isDirectory(path))
            {
                return path;
            }
            if (Files.exists(path))
            {
                throw new CommandLine.TypeConversionException("\"" + value + "\" " + FileOption.why(value) +
                    ", but " + path + " is not one: name the counters file itself");
            }
            return path.resolve("counters.dat");
        }
    }

    @Option(names = "--count", paramLabel = "N", defaultValue = "0", converter = IntegerOption.NotNegative.class,
        description = "print N times then stop (0: until the engine exits)")
    long count;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000", converter = IntegerOption.Positive.class,
        description = "milliseconds between prints, at least 1 (default 1000)")
    long intervalMillis;

    @Option(names = "--prometheus", description = "print the counters in Prometheus's text exposition format (as the "
        + "run's exporter serves them), e.g. for a node exporter's textfile collector: stat --prometheus --count 1")
    boolean prometheus;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String problem = checkOptions();
        if (null != problem)
        {
            err.println("concurrengine stat: " + problem);
            err.flush();
            return 2;
        }
        // DIR left out is the data directory, whose counters.dat is read (and named) even while it is missing
        final boolean given = spec.commandLine().getParseResult().hasMatchedPositional(0);
        final Path file = Files.isDirectory(location) || !given ? location.resolve("counters.dat") : location;
        try (CountersFile counters = CountersFile.open(file))
        {
            watch(counters, file, out);
            return 0;
        }
        catch (final NotACountersFileException ex)
        {
            err.println("concurrengine stat: " + PrintableText.escape(ex.getMessage()));
            err.flush();
            return 2;
        }
        catch (final IOException ex)
        {
            err.println("concurrengine stat: " + PrintableText.escape("counters file " + file + " cannot be read: " +
                IoProblems.describe(ex)));
            err.flush();
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Print the counters every {@code --interval} until {@code --count} prints are done, the owner is not running, or
     * a print could not be written to stdout.
     *
     * @throws IOException if the file is cut short while it is read ({@link CountersFile#checkNotTruncated()}).
     */
    private void watch(final CountersFile counters, final Path file, final PrintWriter out)
        throws IOException, InterruptedException
    {
        try
        {
            print(counters, file, out);
        }
        catch (final InternalError ex)
        {
            // the JVM's fault of a read past the end of a file cut short under its mapping: say that, not a bug
            counters.checkNotTruncated();
            throw ex;
        }
    }

    private void print(final CountersFile counters, final Path file, final PrintWriter out)
        throws IOException, InterruptedException
    {
        final CountersReader reader = counters.reader();
        final long[] previous = new long[reader.maxCounterId() + 1];
        long previousNanos = System.nanoTime();
        long previousMillis = System.currentTimeMillis();
        for (long i = 0; count == 0 || i < count; i++)
        {
            counters.checkNotTruncated(); // before reading: a page the file no longer has faults
            final boolean running = counters.ownerRunning();
            if (prometheus)
            {
                checkLabels(reader, file); // before the exposition reads them
                final String exposition = PrometheusText.renderRun(counters, running, System.currentTimeMillis()) +
                    PrometheusText.render(reader);
                counters.checkNotTruncated(); // and after: one cut as it was read reads as zeros, or no counters
                out.print(exposition);
                out.flush();
            }
            else
            {
                final long now = System.nanoTime();
                final long nowMillis = System.currentTimeMillis();
                // 0 while the engine runs; read before the values, which are final once it is the finish time
                final long valuesMillis = PrometheusText.valuesTimeMillis(counters, running, 0);
                final double seconds = rateSeconds(now - previousNanos, previousMillis, valuesMillis);
                previousNanos = now;
                previousMillis = nowMillis;
                printTable(counters, running, valuesMillis, i == 0, seconds, previous, file, out);
            }
            if (!running || i + 1 == count)
            {
                break; // nothing more to print: no interval to wait out
            }
            if (out.checkError())
            {
                break; // stdout closed (as by | head) or its device full: Main says so, exit 1
            }
            Thread.sleep(intervalMillis);
        }
    }

    /**
     * @param sinceNanos     time since the previous print.
     * @param previousMillis epoch milliseconds of the previous print.
     * @param valuesMillis   epoch milliseconds at which an engine no longer running last changed its values (its
     *                       finish, recorded as it stopped even while its run still runs, or a killed one's last
     *                       heartbeat), or 0: running, or not recorded.
     * @return the time a print's rates are over: since the previous print, but for an owner that stopped in between
     * only up to its values' time, not up to this print (a steady 10,000/s read as 5,720/s when the engine finished
     * half-way through the interval).
     */
    static double rateSeconds(final long sinceNanos, final long previousMillis, final long valuesMillis)
    {
        double seconds = sinceNanos / 1e9;
        if (valuesMillis > previousMillis)
        {
            seconds = Math.min(seconds, (valuesMillis - previousMillis) / 1e3);
        }
        return Math.max(1e-9, seconds);
    }

    /**
     * Print one table: a heading, then each allocated counter's value and, for a cumulative one, its rate since the
     * last print (0 on the first). Package-private for tests, which give it the time between prints.
     *
     * @param running      whether the owner was running as the values were read.
     * @param valuesMillis epoch milliseconds of the values, read before them
     *                     ({@link PrometheusText#valuesTimeMillis} given 0 for now): 0 while the engine runs.
     * @param previous     each counter's value at the last print, by id: updated to this print's.
     * @param seconds      the time since the last print.
     */
    static void printTable(final CountersFile counters, final boolean running, final long valuesMillis,
        final boolean first, final double seconds, final long[] previous, final Path file, final PrintWriter out)
        throws IOException
    {
        final CountersReader reader = counters.reader();
        // the rows are made before any is printed: a damaged label fails the print whole, as the exposition does,
        // not after the rows above it
        final StringBuilder table = new StringBuilder();
        for (final int id : allocated(reader))
        {
            final String label = PrintableText.escape(label(reader, id, file)); // read from the file
            final long value = reader.getCounterValue(id);
            final long delta = first ? 0 : value - previous[id];
            previous[id] = value;
            table.append(reader.getCounterTypeId(id) == ShardCounters.CUMULATIVE_TYPE_ID ?
                String.format(Locale.ROOT, "%3d: %,20d %,14.0f/s - %s", id, value,
                first ? 0.0 : delta / seconds, label) :
                String.format(Locale.ROOT, "%3d: %,20d %16s - %s", id, value, "", label))
                .append(System.lineSeparator());
        }
        final String heading = heading(counters, running, valuesMillis);
        counters.checkNotTruncated(); // the values read from a file cut as they were read may be zeros, or none
        out.println(heading);
        out.println("=========================");
        out.print(table);
        out.flush();
    }

    /**
     * @param counters     the counters file.
     * @param running      whether its owner was running as the values were read.
     * @param valuesMillis the time of the values, as {@link #printTable} takes it.
     * @return the heading of one print: the time its values are from, and whose they are. A running engine's are read
     * now; those of a run whose engine has stopped (it reports before it finishes), or a finished one's, are its final
     * values, from when its engine stopped; a stopped one's are the last it wrote, from about its last heartbeat
     * ({@link CountersFile#heartbeat()}), or from when its engine stopped if it was killed as it reported; one that
     * never beat (killed before its feed started, or written by an earlier build) is headed by its run's start rather
     * than a time that would pass for theirs.
     */
    private static String heading(final CountersFile counters, final boolean running, final long valuesMillis)
    {
        final String pid = "pid " + counters.ownerPid();
        final String started = "run started " + Instant.ofEpochMilli(counters.startTimeMillis()) + " - " + pid;
        if (running)
        {
            return 0 == valuesMillis ?
                Instant.ofEpochMilli(System.currentTimeMillis()) + " - " + pid + " running" :
                Instant.ofEpochMilli(valuesMillis) + " - " + pid + " running, its engine stopped: its final values, " +
                "as of then (the run has not finished yet)";
        }
        if (counters.ownerFinished())
        {
            final long finished = valuesMillis;
            return 0 == finished ?
                started + " finished, at a time the file does not record (written by an earlier build): its final " +
                "values" :
                Instant.ofEpochMilli(finished) + " - " + pid + " finished: its final values, as of then";
        }
        final String stopped = " stopped without finishing (no such process here: it was killed or crashed, or runs " +
            "in another PID namespace); its last values";
        if (0 != counters.finishTimeMillis())
        {
            return Instant.ofEpochMilli(counters.finishTimeMillis()) + " - " + pid + stopped + ", its final ones: " +
                "its engine stopped then, and its run ended before it finished";
        }
        final long heartbeat = counters.heartbeatMillis();
        return 0 == heartbeat ?
            started + stopped + ", written at a time the file does not record" :
            Instant.ofEpochMilli(heartbeat) + " - " + pid + stopped + ", from about then: its last heartbeat (the " +
            "values may be a little newer)";
    }

    /**
     * Check every allocated counter's label length ({@link #label}).
     */
    private static void checkLabels(final CountersReader reader, final Path file) throws NotACountersFileException
    {
        for (final int id : allocated(reader))
        {
            label(reader, id, file);
        }
    }

    /**
     * @return the ids of the allocated counters, in order; counters are allocated in order, so none lies after the
     * first unused record.
     */
    private static int[] allocated(final CountersReader reader)
    {
        final int[] ids = new int[reader.maxCounterId() + 1];
        int count = 0;
        for (int id = 0; id < ids.length; id++)
        {
            final int state = reader.getCounterState(id);
            if (CountersReader.RECORD_UNUSED == state)
            {
                break;
            }
            if (CountersReader.RECORD_ALLOCATED == state)
            {
                ids[count++] = id;
            }
        }
        return java.util.Arrays.copyOf(ids, count);
    }

    /**
     * @return the counter's label, read only once its length is one a label can have: a damaged file's length would
     * have the reader allocate whatever it says (an {@code OutOfMemoryError}, a {@code NegativeArraySizeException}).
     * @throws NotACountersFileException naming the counter and the length if it is not.
     */
    private static String label(final CountersReader reader, final int id, final Path file)
        throws NotACountersFileException
    {
        final int length =
            reader.metaDataBuffer().getInt(CountersReader.metaDataOffset(id) + CountersReader.LABEL_OFFSET);
        if (length < 0 || length > CountersReader.MAX_LABEL_LENGTH)
        {
            throw new NotACountersFileException("damaged counters file: " + file + ": counter " + id + " has a label " +
                "length of " + length + " bytes, where a label has 0 to " + CountersReader.MAX_LABEL_LENGTH);
        }
        return reader.getCounterLabel(id);
    }

    /**
     * @return null if the flags are usable, else what is wrong, naming the flag.
     */
    private String checkOptions()
    {
        if (location.toString().isEmpty()) // stat "$DIR" left unset: Path.of("") is the working directory
        {
            return "\"\": an empty path, not a data directory or counters file: give one, or leave DIR out for data";
        }
        if (intervalMillis < 1)
        {
            return "--interval " + intervalMillis + ": milliseconds between prints must be at least 1";
        }
        if (count < 0)
        {
            return "--count " + count + ": must be a number of prints, at least 1, or 0 to print until the engine " +
                "exits";
        }
        return null;
    }
}
