package io.concurrengine.tools;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs {@link Main#execute(PrintWriter, PrintWriter, String...)} capturing both streams.
 */
public record Cli(int code, String out, String err)
{
    public static Cli run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
