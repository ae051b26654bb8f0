package io.concurrengine.model.combat.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses one line of a priority list, e.g. {@code "cast living_bomb if aura_remaining(living_bomb) < 3s"}.
 * <pre>
 * entry      := ["cast"] SPELL ["if" condition ("and" condition)*]
 * condition  := "aura_active(" AURA ")"  |  "aura_missing(" AURA ")"  |  "cooldown_ready(" SPELL ")"
 *             | ("aura_stacks" | "aura_remaining" | "cooldown_remaining" | "resource") "(" NAME ")" CMP NUMBER
 *             | "target_health_pct" CMP NUMBER
 *             | RESOURCE CMP NUMBER
 * CMP        := "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * NUMBER     := decimal, optionally with an exponent ("1e3", "2.5E-1"); for a time (aura_remaining,
 *               cooldown_remaining) optionally suffixed "ms" or "s" (times are in milliseconds)
 * SPELL, AURA, RESOURCE, NAME := one or more ASCII letters, digits and underscores ({@link #isName})
 * </pre>
 * A first word {@code cast} is the optional keyword when the rest reads as an entry, else the spell named
 * {@code cast}: {@code "cast if target_health_pct < 25"} is that spell with a condition.
 * A suffix on any other quantity is an error: {@code rage >= 40s} would otherwise compare with 40000. A number
 * must not run into the word after it: {@code mana >= 5and mana >= 6} is an error, not the two conditions.
 * Names are checked against the spec later, by {@link CombatSpec}. Stateless and threadsafe.
 */
public final class RotationParser
{
    private static final Set<String> CONDITION_WORDS = Set.of("aura_active", "aura_missing", "cooldown_ready",
        "aura_stacks", "aura_remaining", "cooldown_remaining", "resource", "target_health_pct");

    private final String text;
    private int pos;
    private boolean startsWithCast;
    private int errorColumn = -1;

    private RotationParser(final String text)
    {
        this.text = text;
    }

    /**
     * @param text one priority line.
     * @return the entry it describes.
     * @throws IllegalArgumentException naming the column and what was expected.
     */
    public static RotationEntry parse(final String text)
    {
        final RotationParser keyword = new RotationParser(text);
        try
        {
            return keyword.entry(true);
        }
        catch (final IllegalArgumentException ex)
        {
            if (!keyword.startsWithCast)
            {
                throw ex;
            }
            // "cast if target_health_pct < 25" is the spell named cast with a condition, not "cast" then spell "if"
            final RotationParser spell = new RotationParser(text);
            try
            {
                return spell.entry(false);
            }
            catch (final IllegalArgumentException spellEx)
            {
                throw spell.errorColumn > keyword.errorColumn ? spellEx : ex;
            }
        }
    }

    /**
     * @param name a spell, aura or resource name.
     * @return whether a priority line can refer to it: one or more ASCII letters, digits and underscores.
     */
    public static boolean isName(final String name)
    {
        if (name.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            if (!isNameChar(name.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param name a spell, aura or resource name that is not {@link #isName}.
     * @return why a spec refuses it, e.g. {@code "'sc orch' is not a name a priority line can refer to: ..."}.
     */
    public static String notAName(final String name)
    {
        return "'" + name + "' is not a name a priority line can refer to: a name is ASCII letters, digits and " +
            "underscores only";
    }

    /**
     * @param name a resource name.
     * @return whether a priority line reads it as a condition's word, e.g. {@code target_health_pct} or
     *         {@code aura_active}, so that {@code RESOURCE >= N} could never refer to a resource of that name.
     */
    public static boolean isConditionWord(final String name)
    {
        return CONDITION_WORDS.contains(name);
    }

    /**
     * @param name a resource name that {@link #isConditionWord}.
     * @return why a spec refuses it, e.g. {@code "'aura_active' is a condition's word: ..."}.
     */
    public static String conditionWord(final String name)
    {
        return "'" + name + "' is a condition's word: a priority line reads '" + name + "' as that condition, not as " +
            "this resource; give the resource another name";
    }

    private RotationEntry entry(final boolean castKeyword)
    {
        String spell = name("spell name");
        startsWithCast = "cast".equals(spell) && !atEnd();
        if (castKeyword && startsWithCast)
        {
            spell = name("spell name");
        }
        final List<Condition> conditions = new ArrayList<>();
        if (!atEnd())
        {
            keyword("if");
            conditions.add(condition());
            while (!atEnd())
            {
                keyword("and");
                conditions.add(condition());
            }
        }
        return new RotationEntry(spell, conditions);
    }

    private Condition condition()
    {
        final int start = skipSpace();
        final String word = name("condition");
        switch (word)
        {
            case "aura_active":
                return new Condition(Operand.AURA_STACKS, argument(), Comparison.GT, 0);
            case "aura_missing":
                return new Condition(Operand.AURA_STACKS, argument(), Comparison.LE, 0);
            case "cooldown_ready":
                return new Condition(Operand.COOLDOWN_REMAINING, argument(), Comparison.LE, 0);
            case "aura_stacks":
                return compare(Operand.AURA_STACKS, argument());
            case "aura_remaining":
                return compare(Operand.AURA_REMAINING, argument());
            case "cooldown_remaining":
                return compare(Operand.COOLDOWN_REMAINING, argument());
            case "resource":
                return compare(Operand.RESOURCE, argument());
            case "target_health_pct":
                return compare(Operand.TARGET_HEALTH_PCT, null);
            default:
                if (peek() == '(')
                {
                    throw error(start, "unknown condition '" + word + "'");
                }
                return compare(Operand.RESOURCE, word);
        }
    }

    private String argument()
    {
        expect('(');
        final String name = name("name");
        expect(')');
        return name;
    }

    private Condition compare(final Operand operand, final String argument)
    {
        skipSpace();
        final Comparison comparison;
        if (consume('<'))
        {
            comparison = consume('=') ? Comparison.LE : Comparison.LT;
        }
        else if (consume('>'))
        {
            comparison = consume('=') ? Comparison.GE : Comparison.GT;
        }
        else
        {
            throw error(pos, "expected one of < <= > >=");
        }
        return new Condition(operand, argument, comparison, number(operand));
    }

    private double number(final Operand operand)
    {
        final int start = skipSpace();
        digits();
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E'))
        {
            final int sign = pos + 1 < text.length() && (text.charAt(pos + 1) == '+' || text.charAt(pos + 1) == '-') ?
                pos + 2 : pos + 1;
            if (sign < text.length() && text.charAt(sign) >= '0' && text.charAt(sign) <= '9')
            {
                pos = sign;
                digits();
            }
        }
        final double value;
        try
        {
            value = Double.parseDouble(text.substring(start, pos));
        }
        catch (final NumberFormatException ex)
        {
            throw error(start, "expected a number");
        }
        final int suffix = pos;
        int end = pos;
        while (end < text.length() && isNameChar(text.charAt(end)))
        {
            end++;
        }
        final String word = text.substring(suffix, end);
        if (word.isEmpty())
        {
            return value;
        }
        final boolean millis = "ms".equals(word);
        if (!millis && !"s".equals(word))
        {
            throw error(start, "'" + text.substring(start, end) + "' is not a number: a word after a number needs " +
                "a space before it");
        }
        if (Operand.AURA_REMAINING != operand && Operand.COOLDOWN_REMAINING != operand)
        {
            throw error(suffix, "'" + text.substring(start, suffix + (millis ? 2 : 1)) + "' is not a time: only " +
                "aura_remaining and cooldown_remaining take a time suffix");
        }
        pos += millis ? 2 : 1;
        return millis ? value : value * 1000.0;
    }

    private void digits()
    {
        while (pos < text.length() && ((text.charAt(pos) >= '0' && text.charAt(pos) <= '9') || text.charAt(pos) == '.'))
        {
            pos++;
        }
    }

    private void keyword(final String keyword)
    {
        final int start = skipSpace();
        final String word = pos < text.length() && isNameChar(text.charAt(pos)) ? name(keyword) : "";
        if (!keyword.equals(word))
        {
            throw error(start, "expected '" + keyword + "'");
        }
    }

    private String name(final String what)
    {
        final int start = skipSpace();
        while (pos < text.length() && isNameChar(text.charAt(pos)))
        {
            pos++;
        }
        if (start == pos)
        {
            throw error(start, "expected " + what);
        }
        return text.substring(start, pos);
    }

    private void expect(final char c)
    {
        skipSpace();
        if (!consume(c))
        {
            throw error(pos, "expected '" + c + "'");
        }
    }

    private boolean consume(final char c)
    {
        if (pos < text.length() && text.charAt(pos) == c)
        {
            pos++;
            return true;
        }
        return false;
    }

    private char peek()
    {
        skipSpace();
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private boolean atEnd()
    {
        skipSpace();
        return pos == text.length();
    }

    private int skipSpace()
    {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos)))
        {
            pos++;
        }
        return pos;
    }

    private static boolean isNameChar(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private IllegalArgumentException error(final int column, final String problem)
    {
        errorColumn = column;
        return new IllegalArgumentException(problem + " at column " + (column + 1) + " in \"" + text + "\"");
    }
}
