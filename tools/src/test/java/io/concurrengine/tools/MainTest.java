package io.concurrengine.tools;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest
{
    @Test
    void shouldPrintUsageAndExitTwoWithoutSubcommand()
    {
        final Cli cli = Cli.run();

        assertEquals(2, cli.code());
        assertTrue(cli.err().contains("Usage: concurrengine"), cli.err());
    }

    @Test
    void shouldListEverySubcommand()
    {
        final Cli cli = Cli.run("--help");

        assertEquals(0, cli.code());
        for (final String command : List.of("run", "replay", "inspect", "sim", "stat", "benchmark"))
        {
            assertTrue(cli.out().contains("  " + command + " "), command + " in\n" + cli.out());
        }
    }

    @Test
    void shouldExitTwoOnUnknownSubcommand()
    {
        assertEquals(2, Cli.run("frobnicate").code());
    }

    @Test
    void shouldPrintVersion()
    {
        final Cli cli = Cli.run("--version");

        assertEquals(0, cli.code());
        assertTrue(cli.out().startsWith("concurrengine "), cli.out());
    }
}
