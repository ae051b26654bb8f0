package io.concurrengine.model.combat.spec;

/**
 * How a rotation {@link Condition} compares its operand with its number.
 */
public enum Comparison
{
    /** {@code <}. */
    LT("<"),
    /** {@code <=}. */
    LE("<="),
    /** {@code >}. */
    GT(">"),
    /** {@code >=}. */
    GE(">=");

    private final String symbol;

    Comparison(final String symbol)
    {
        this.symbol = symbol;
    }

    /**
     * @return the operator as written in a rotation line.
     */
    public String symbol()
    {
        return symbol;
    }

    /**
     * @param left  operand value.
     * @param right the condition's number.
     * @return the outcome of the comparison.
     */
    public boolean test(final double left, final double right)
    {
        switch (this)
        {
            case LT:
                return left < right;
            case LE:
                return left <= right;
            case GT:
                return left > right;
            default:
                return left >= right;
        }
    }
}
