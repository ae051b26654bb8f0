package io.concurrengine.tools.run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
