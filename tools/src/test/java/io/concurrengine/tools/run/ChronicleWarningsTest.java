package io.concurrengine.tools.run;

import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChronicleWarningsTest
{
    private final ChronicleWarnings warnings = new ChronicleWarnings("concurrengine run: ", "warning");

    @Test
    void shouldPutTheMessageTheExceptionAndItsCausesOnOneLine()
    {
        final IOException cause = new IOException("No space left on device");

        assertEquals("concurrengine run: Chronicle warning: Failback to readonly tablestore " +
            "(java.io.UncheckedIOException: file=/j/shard-0/metadata.cq4t, caused by java.io.IOException: No space " +
            "left on device)",
            warnings.line("Failback to readonly tablestore", new UncheckedIOException("file=/j/shard-0/metadata.cq4t",
                cause)));
    }

    @Test
    void shouldNotRepeatACauseTheTextBeforeHoldsAlready()
    {
        final FileNotFoundException cause = new FileNotFoundException("/j/shard-0/x.cq4 (No space left on device)");

        assertEquals("concurrengine run: Chronicle warning: unable to create a file " +
            "(java.io.UncheckedIOException: java.io.FileNotFoundException: /j/shard-0/x.cq4 (No space left on device))",
            warnings.line("unable to create a file", new UncheckedIOException(cause)));
        assertEquals("concurrengine run: Chronicle warning: java.io.FileNotFoundException: /j/shard-0/x.cq4 " +
            "(No space left on device)", warnings.line(cause.toString(), cause));
    }

    @Test
    void shouldSayAMessageWithoutAnExceptionAsItIsAndEscapeWhatIsNotPrintable()
    {
        final ChronicleWarnings errors = new ChronicleWarnings("concurrengine soak: ", "error");

        assertEquals("concurrengine soak: Chronicle error: Forcing queue to be readOnly file=/a\\nb",
            errors.line("Forcing queue to be readOnly file=/a\nb", null));
        assertEquals("concurrengine run: Chronicle warning: (no message) (java.io.IOException)",
            warnings.line(null, new IOException()));
    }

    @Test
    void shouldEndAtACauseThatLoopsBack()
    {
        final IOException first = new IOException("first");
        final IOException second = new IOException("second", first);
        first.initCause(second);

        assertEquals("concurrengine run: Chronicle warning: m (java.io.IOException: first, caused by " +
            "java.io.IOException: second)", warnings.line("m", first));
    }
}
