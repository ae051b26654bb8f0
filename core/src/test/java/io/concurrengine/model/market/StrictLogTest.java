package io.concurrengine.model.market;

import io.concurrengine.core.rng.SimRng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StrictLogTest
{
    private static void assertSameBits(final double x)
    {
        assertEquals(Double.doubleToRawLongBits(StrictMath.log(x)), Double.doubleToRawLongBits(StrictLog.log(x)),
            () -> "x=" + x + " (" + Double.toHexString(x) + ")");
    }

    @Test
    void shouldMatchStrictMathOnTheFeedsArguments()
    {
        final SimRng rng = SimRng.seeded(42, 0, 0);
        for (int i = 0; i < 2_000_000; i++)
        {
            assertSameBits(1.0 - rng.nextDouble());
        }
    }

    @Test
    void shouldMatchStrictMathOnAnyBitPattern()
    {
        final SimRng rng = SimRng.seeded(43, 0, 0);
        for (int i = 0; i < 2_000_000; i++)
        {
            assertSameBits(Double.longBitsToDouble(rng.nextLong()));
        }
    }

    @Test
    void shouldMatchStrictMathNearOneAndAtTheEdges()
    {
        final SimRng rng = SimRng.seeded(44, 0, 0);
        for (int i = 0; i < 1_000_000; i++)
        {
            final double d = rng.nextDouble() * 0x1.0p-19;
            assertSameBits(1.0 + d);
            assertSameBits(1.0 - d);
        }
        for (final double x : new double[]{0.0, -0.0, 1.0, 2.0, 0.5, Math.E, Math.sqrt(2), Math.sqrt(0.5),
            0x1.0p-53, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -1.0, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        {
            assertSameBits(x);
        }
    }
}
