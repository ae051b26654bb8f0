package io.concurrengine.tools.run;

import java.nio.file.Path;

/**
 * How this program was started, to print a command a person can paste: {@code java -jar <path>} when running from
 * the jar, else {@code concurrengine}.
 */
public final class Launcher
{
    private Launcher()
    {
    }

    /**
     * @return the command prefix that starts this program again.
     */
    public static String command()
    {
        try
        {
            final Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.toString().endsWith(".jar"))
            {
                final Path cwd = Path.of("").toAbsolutePath();
                final Path jar = location.startsWith(cwd) ? cwd.relativize(location) : location;
                return "java -jar " + jar;
            }
        }
        catch (final Exception ex)
        {
            return "concurrengine";
        }
        return "concurrengine";
    }
}
