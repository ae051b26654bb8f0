package io.concurrengine.model.combat.spec;

/**
 * One condition of a rotation entry: {@code operand(argument) comparison value}.
 *
 * @param operand    the quantity compared.
 * @param argument   resource, aura or spell name the operand reads, or null for {@link Operand#TARGET_HEALTH_PCT}.
 * @param comparison the operator.
 * @param value      the number compared with; milliseconds for times.
 */
public record Condition(Operand operand, String argument, Comparison comparison, double value)
{
    @Override
    public String toString()
    {
        final String left = null == argument ? operand.name().toLowerCase() :
            operand.name().toLowerCase() + "(" + argument + ")";
        return left + " " + comparison.symbol() + " " + value;
    }
}
