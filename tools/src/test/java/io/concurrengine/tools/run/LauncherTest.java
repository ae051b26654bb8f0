package io.concurrengine.tools.run;

import io.concurrengine.tools.PrintableText;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LauncherTest
{
    private static final List<String> AWKWARD = List.of(
        "/tmp/x/my journal", "it's", "", "$HOME", "a*b", "~/journal", "tab\there", "line\nbreak", "quote\"d", "a;b",
        "'", "journal-\u00e9t\u00e9");

    @Test
    void shouldLeaveAPlainArgumentAsItIs()
    {
        for (final String plain : List.of("data/journal", "/tmp/x/jk", "--verify", "replay", "a_b-c.d,e:f@g%h+i=j"))
        {
            assertEquals(plain, Launcher.quote(plain));
        }
    }

    @Test
    void shouldQuoteAnArgumentAShellWouldSplitOrExpand()
    {
        assertEquals("'/tmp/x/my journal'", Launcher.quote("/tmp/x/my journal"));
        assertEquals("'it'\\''s'", Launcher.quote("it's"));
        assertEquals("''", Launcher.quote(""));
        assertEquals("'$HOME'", Launcher.quote("$HOME"));
        assertTrue(Launcher.commandLine("replay", "/tmp/x/my journal", "--verify")
            .endsWith(" replay '/tmp/x/my journal' --verify"));
    }

    @Test
    void shouldQuoteAnArgumentWithControlCharactersForATerminalInDollarSingleQuotes()
    {
        // in single quotes the line feed forged a line of output, and the ESC sequence, which a terminal acts on,
        // was not in what a person copied from it
        assertEquals("$'a\\nFORGED\\033[2K'", Launcher.printableQuote("a\nFORGED\u001b[2K"));
        assertEquals("$'it\\'s \\\\ \\t\\r \\302\\233 \\342\\200\\256 \u00e9'",
            Launcher.printableQuote("it's \\ \t\r \u009b \u202e \u00e9"));
        for (final String printable : List.of("data/journal", "/tmp/x/my journal", "it's", "", "journal-\u00e9t\u00e9"))
        {
            assertEquals(Launcher.quote(printable), Launcher.printableQuote(printable), "quoted as before");
        }
        assertTrue(Launcher.printableCommandLine("replay", "j\n", "--verify").endsWith(" replay $'j\\n' --verify"));
    }

    /**
     * What a person copies from a terminal is what bash reads: each argument quoted for a terminal comes back as it
     * was, and the line printed holds no control character for the terminal to act on.
     */
    @Test
    void shouldGiveBashBackEachArgumentQuotedForATerminalAsItWas() throws IOException, InterruptedException
    {
        final Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no /bin/bash here");
        final List<String> args = new ArrayList<>(AWKWARD);
        args.addAll(List.of("a\nFORGED\u001b[2K", "\u001b]0;title\u0007", "cr\r", "back\\slash\n", "c1\u009b",
            "bidi\u202eoverride", "'\n'", "\u0001234567"));
        final StringBuilder script = new StringBuilder("printf '%s\\0'");
        for (final String arg : args)
        {
            final String quoted = Launcher.printableQuote(arg);
            assertEquals(quoted, PrintableText.escape(quoted), "nothing for a terminal to act on: " + quoted);
            script.append(' ').append(quoted);
        }
        final Process process = new ProcessBuilder(bash.toString(), "-c", script.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertEquals(String.join("\0", args) + "\0", out);
    }

    /**
     * What a person pastes is what a shell reads: each quoted argument comes back as it was.
     */
    @Test
    void shouldGiveAShellBackEachArgumentAsItWas() throws IOException, InterruptedException
    {
        final Path sh = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(sh), "no /bin/sh here");
        final StringBuilder script = new StringBuilder("printf '%s\\0'");
        for (final String arg : AWKWARD)
        {
            script.append(' ').append(Launcher.quote(arg));
        }
        final Process process = new ProcessBuilder(sh.toString(), "-c", script.toString()).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertEquals(String.join("\0", AWKWARD) + "\0", out);
    }

    /**
     * Tests run from the build's classes, not a jar: the program is started again as {@code concurrengine}.
     */
    @Test
    void shouldStartAgainAsConcurrengineWhenNotRunFromAJar()
    {
        assertEquals("concurrengine", Launcher.command());
        assertEquals("concurrengine replay 'my journal' --verify",
            Launcher.commandLine("replay", "my journal", "--verify"));
        assertEquals("concurrengine replay $'j\\n'", Launcher.printableCommandLine("replay", "j\n"));
    }
}
