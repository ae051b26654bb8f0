package io.concurrengine.tools;

import io.concurrengine.tools.json.JsonWriter;

import java.io.PrintWriter;
import java.util.List;

/**
 * Why a command gave no result: what a command given {@code --json} prints on stdout, as one JSON object, in place
 * of the result it could not give (a refused start, a usage error, a failure before there was anything to report),
 * so that a script reading stdout always gets exactly one object:
 * <pre>{"error":{"command":"run","code":2,"reason":"journal","message":"journal dir data/x is a file, not a directory"}}</pre>
 * {@code code} is the command's exit code, {@code reason} one of the words below, {@code message} the line printed
 * on stderr without its {@code concurrengine <command>: } prefix (there with its control characters escaped, here as
 * it is). A result object never has a top-level {@code error} member.
 *
 * @param command the command that gave no result ({@code run}, {@code replay}, {@code sim}, or {@code concurrengine}
 *                for the top command).
 * @param code    its exit code.
 * @param reason  what was refused or failed, one of the constants of this class.
 * @param message what went wrong, for a person; it may hold text from outside (a path, a value as the user gave it)
 *                as it is.
 */
public record CommandError(String command, int code, String reason, String message)
{
    /** The command line: an unknown option, a missing or malformed value, a flag out of its range. */
    public static final String USAGE = "usage";
    /** The configuration: {@code --config FILE}, {@code CONCURRENGINE_*}, or a flag's value as its key takes it. */
    public static final String CONFIG = "config";
    /** {@code sim}'s spec file. */
    public static final String SPEC = "spec";
    /** The journal directory: unusable, locked by a run, too full; for replay not a run's journal. */
    public static final String JOURNAL = "journal";
    /** The feed file cannot be read. */
    public static final String FEED = "feed";
    /** The counters file cannot be created. */
    public static final String COUNTERS = "counters";
    /** The telemetry endpoint cannot be served (its address is in use, say). */
    public static final String TELEMETRY = "telemetry";
    /** The heap is too small for what the command needs. */
    public static final String MEMORY = "memory";
    /** The engine could not be built or started, or its warm-up failed. */
    public static final String ENGINE = "engine";
    /** Stopped (Ctrl-C, SIGTERM) before anything was run. */
    public static final String STOPPED = "stopped";
    /** A Monte Carlo iteration of {@code sim} failed. */
    public static final String SIMULATION = "simulation";
    /** An exception no command expected: a bug. */
    public static final String BUG = "bug";

    private static final String JSON_OPTION = "--json";

    /**
     * @return the error as one JSON object, {@code {"error":{...}}}, on one line, in ASCII: every character of a
     * string that is not printable ASCII is escaped, so that no stdout encoding can change it.
     */
    public String toJson()
    {
        return new JsonWriter().asciiOnly().beginObject()
            .name("error").beginObject()
            .name("command").value(command)
            .name("code").value(code)
            .name("reason").value(reason)
            .name("message").value(message)
            .endObject()
            .endObject()
            .toString();
    }

    /**
     * Say on stderr why the command gave no result, in one line: the message with its control characters escaped
     * ({@link PrintableText}), since it may name a path or quote a value as the user gave it; and, with {@code --json},
     * print this object on stdout in place of the result's, the message in it as it is (JSON escapes it).
     *
     * @param out  the command's stdout.
     * @param err  the command's stderr.
     * @param json true if the command was given {@code --json}.
     * @return {@link #code()}.
     */
    public int report(final PrintWriter out, final PrintWriter err, final boolean json)
    {
        err.println("concurrengine " + command + ": " + PrintableText.escape(message));
        err.flush();
        if (json)
        {
            out.println(toJson());
            out.flush();
        }
        return code;
    }

    /**
     * @param args a command line's arguments.
     * @return true if they ask for JSON: {@code --json}, or {@code --json=true} (picocli's form of a boolean option
     * with its value, {@code true} in any case), is among them, before any {@code --} (after which every argument is a
     * positional parameter). {@code --json=false} does not ask for it.
     */
    public static boolean requested(final List<String> args)
    {
        for (final String arg : args)
        {
            if ("--".equals(arg))
            {
                return false;
            }
            if (JSON_OPTION.equals(arg) ||
                arg.startsWith(JSON_OPTION + "=") && "true".equalsIgnoreCase(arg.substring(JSON_OPTION.length() + 1)))
            {
                return true;
            }
        }
        return false;
    }
}
