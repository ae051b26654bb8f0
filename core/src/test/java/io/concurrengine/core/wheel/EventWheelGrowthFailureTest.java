package io.concurrengine.core.wheel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wheel whose arena cannot grow for want of direct memory, in a JVM of its own with a cap on it: the
 * {@link OutOfMemoryError} leaves the wheel as it was.
 */
class EventWheelGrowthFailureTest
{
    /** The child's cap on direct memory: room for the first arena, not for the one it doubles to. */
    private static final String DIRECT_MEMORY_CAP = "-XX:MaxDirectMemorySize=1m";
    private static final int CAPACITY = 8192;

    private static final int AS_IT_WAS = 0;
    private static final int GREW = 3;
    private static final int COUNTED = 4;

    /**
     * A push for a time before the clock was counted as clamped before the arena tried to grow for it, so when the
     * growth failed the push was refused and counted all the same.
     */
    @Test
    void shouldNotCountAPushIntoThePastThatTheArenaCouldNotGrowFor() throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access") ||
                argument.startsWith("--sun-misc-unsafe-memory-access"))
            {
                command.add(argument); // what Agrona needs of the JDK, as Surefire gives it this JVM
            }
        }
        command.addAll(List.of(DIRECT_MEMORY_CAP, "-cp", System.getProperty("java.class.path"),
            EventWheelGrowthFailureTest.class.getName()));
        final Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child ended");
        assertEquals(AS_IT_WAS, process.exitValue(), "exit status of the child (3: it grew, 4: it counted the push)");
    }

    /**
     * The child: fill an arena that has no direct memory to double into, then push into the past.
     */
    public static void main(final String[] args)
    {
        try (EventWheel wheel = new EventWheel(64, 0, CAPACITY, 100))
        {
            for (int i = 0; i < CAPACITY; i++)
            {
                wheel.push(200 + i, 1, i, 0, 0, 0, 0);
            }
            try
            {
                wheel.push(50, 2, 0, 0, 0, 0, 0);
                System.exit(GREW);
            }
            catch (final OutOfMemoryError expected)
            {
                System.out.println("the arena could not grow, as it should not: " + expected.getMessage());
            }
            System.exit(0 == wheel.clampedCount() && CAPACITY == wheel.size() && CAPACITY == wheel.nextSeq() ?
                AS_IT_WAS : COUNTED);
        }
    }
}
