package io.concurrengine.tools.run;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How this program was started, to print a command a person can paste into a POSIX shell: {@code java -jar <path>}
 * when running from the jar, else {@code concurrengine}, then the command's arguments, each quoted where the shell
 * would otherwise split or expand it.
 */
public final class Launcher
{
    /** Characters no POSIX shell splits on or expands: an argument of only these is pasted as it is. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Launcher()
    {
    }

    /**
     * @return the command prefix that starts this program again, its jar's path quoted if it needs it.
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
                return "java -jar " + quote(jar.toString());
            }
        }
        catch (final Exception ex)
        {
            return "concurrengine";
        }
        return "concurrengine";
    }

    /**
     * @param args the arguments of a command of this program, e.g. {@code replay DIR --verify}.
     * @return {@link #command()} and the arguments, each {@linkplain #quote(String) quoted} if it needs it.
     */
    public static String commandLine(final String... args)
    {
        final StringBuilder line = new StringBuilder(command());
        for (final String arg : args)
        {
            line.append(' ').append(quote(arg));
        }
        return line.toString();
    }

    /**
     * @param arg one argument.
     * @return {@code arg} as it is if a POSIX shell reads it as one word unchanged (letters, digits and
     * {@code _@%+=:,./-} only), else in single quotes, each {@code '} in it written {@code '\''}.
     */
    public static String quote(final String arg)
    {
        if (PLAIN.matcher(arg).matches())
        {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
