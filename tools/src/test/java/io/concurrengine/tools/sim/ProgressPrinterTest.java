package io.concurrengine.tools.sim;

import org.junit.jupiter.api.Test;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressPrinterTest
{
    private final StringWriter shown = new StringWriter();

    /**
     * A buffered writer, as stderr is: what the printer does not flush is not shown yet.
     */
    private final PrintWriter err = new PrintWriter(new BufferedWriter(shown, 1 << 16));

    @Test
    void shouldDrawTheBarAtOnceWhenFirstAndWhenDoneAndEndItsLineWhenFinished()
    {
        final ProgressPrinter printer = new ProgressPrinter(err, true);

        printer.onProgress(1, 3);
        assertEquals("\r[##########--------------------]  33% 1/3 iterations", shown.toString());
        printer.onProgress(1, 3);
        printer.onProgress(3, 3);
        printer.onProgress(3, 3);
        printer.onProgress(2, 3);
        assertEquals("\r[##########--------------------]  33% 1/3 iterations" +
            "\r[##############################] 100% 3/3 iterations", shown.toString());
        printer.finish();
        assertEquals("\r[##########--------------------]  33% 1/3 iterations" +
            "\r[##############################] 100% 3/3 iterations" + System.lineSeparator(), shown.toString());
    }

    @Test
    void shouldEndNoLineWhenNoBarWasDrawnOrNotOnATerminal()
    {
        new ProgressPrinter(err, true).finish();
        final ProgressPrinter plain = new ProgressPrinter(err, false);
        plain.onProgress(5, 5);
        final String lines = shown.toString();
        plain.finish();
        err.flush();

        assertEquals("progress: 100% (5/5 iterations)" + System.lineSeparator(), lines);
        assertEquals(lines, shown.toString());
    }

    @Test
    void shouldPrintOnePlainLineForEachTenthReachedAndNoneForProgressWithinIt()
    {
        final ProgressPrinter printer = new ProgressPrinter(err, false);

        printer.onProgress(10, 200);
        final String first = shown.toString();
        printer.onProgress(20, 200);
        printer.onProgress(39, 200);
        printer.onProgress(20, 200);
        printer.onProgress(90, 200);

        assertEquals("", first);
        assertEquals("progress: 10% (20/200 iterations)" + System.lineSeparator() +
            "progress: 40% (90/200 iterations)" + System.lineSeparator(), shown.toString());
    }
}
