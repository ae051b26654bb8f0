package io.concurrengine.model.combat.spec;

/**
 * A combat spec is invalid: names the offending key by its dotted path in the spec file's schema, e.g.
 * {@code spells[2].applies_aura}, and says what is wrong with it.
 */
public final class SpecException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    /**
     * @param key     dotted path of the offending key, e.g. {@code spells[2].cast_time_ms}.
     * @param problem what is wrong, e.g. {@code must not be negative: -5}.
     */
    public SpecException(final String key, final String problem)
    {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /**
     * @return dotted path of the offending key.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return what is wrong with it.
     */
    public String problem()
    {
        return problem;
    }
}
