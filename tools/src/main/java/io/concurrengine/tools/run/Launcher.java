package io.concurrengine.tools.run;

import io.concurrengine.tools.PrintableText;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * How this program was started, to print a command a person can paste into a POSIX shell: {@code java -jar <path>}
 * when running from the jar, else {@code concurrengine}, then the command's arguments, each quoted where the shell
 * would otherwise split or expand it. For a terminal, an argument with a control character is written in
 * {@code $'...'} ({@link #printableQuote(String)}), which a terminal cannot act on and a person copies whole.
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
        return command(Launcher::quote);
    }

    private static String command(final UnaryOperator<String> quoting)
    {
        try
        {
            final Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.toString().endsWith(".jar"))
            {
                final Path cwd = Path.of("").toAbsolutePath();
                final Path jar = location.startsWith(cwd) ? cwd.relativize(location) : location;
                return "java -jar " + quoting.apply(jar.toString());
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
        return commandLine(Launcher::quote, args);
    }

    /**
     * @param args the arguments of a command of this program, e.g. {@code replay DIR --verify}.
     * @return {@link #commandLine(String...)}, but with each argument (and the jar's path) that holds a control
     * character {@linkplain #printableQuote(String) in $'...'}: to print on a terminal, for bash, zsh and ksh.
     */
    public static String printableCommandLine(final String... args)
    {
        return commandLine(Launcher::printableQuote, args);
    }

    private static String commandLine(final UnaryOperator<String> quoting, final String... args)
    {
        final StringBuilder line = new StringBuilder(command(quoting));
        for (final String arg : args)
        {
            line.append(' ').append(quoting.apply(arg));
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

    /**
     * Quote an argument for a command printed on a terminal. In single quotes a line feed would split the printed
     * command (and forge a line of output), and an escape sequence would be acted on by the terminal rather than shown,
     * so what a person copied would not be the argument. An argument with a character that is not printable
     * ({@link PrintableText#printable(int)}) is written in {@code $'...'} instead, which bash, zsh, ksh and POSIX.1-2024
     * shells read (dash 0.5.12, Debian's {@code /bin/sh}, does not): {@code \n}, {@code \r} and {@code \t} by name,
     * {@code \'} and {@code \\} for a quote and a backslash, every other character that is not printable as its
     * UTF-8 bytes (a Linux file name's encoding under a UTF-8 locale), each a backslash and three octal digits
     * ({@code \033} for ESC: never more digits than that, so a digit after it is read as itself).
     *
     * @param arg one argument.
     * @return {@link #quote(String)}'s quoting if every character of {@code arg} is printable, else {@code arg} in
     * {@code $'...'}.
     */
    public static String printableQuote(final String arg)
    {
        if (arg.codePoints().allMatch(PrintableText::printable))
        {
            return quote(arg);
        }
        final StringBuilder quoted = new StringBuilder(arg.length() + 16).append("$'");
        arg.codePoints().forEach(c ->
        {
            if ('\n' == c)
            {
                quoted.append("\\n");
            }
            else if ('\r' == c)
            {
                quoted.append("\\r");
            }
            else if ('\t' == c)
            {
                quoted.append("\\t");
            }
            else if ('\'' == c || '\\' == c)
            {
                quoted.append('\\').appendCodePoint(c);
            }
            else if (PrintableText.printable(c))
            {
                quoted.appendCodePoint(c);
            }
            else
            {
                for (final byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8))
                {
                    quoted.append(String.format(Locale.ROOT, "\\%03o", b & 0xFF));
                }
            }
        });
        return quoted.append('\'').toString();
    }
}
