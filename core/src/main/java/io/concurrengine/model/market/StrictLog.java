package io.concurrengine.model.market;

/**
 * The natural logarithm of fdlibm ({@code e_log.c}), the algorithm behind {@link StrictMath#log(double)}, in plain
 * Java arithmetic: bit-identical to {@code StrictMath.log} for every positive normal argument, without the native
 * call that costs {@code StrictMath.log} on JDK 17 (where it is not a Java method). Arguments that are not positive
 * normal numbers (zero, subnormals, negatives, infinities, NaN) take {@code StrictMath.log} itself.
 * <p>
 * Method (fdlibm): reduce {@code x = 2^k * (1 + f)} with {@code sqrt(2)/2 < 1 + f < sqrt(2)}, then
 * {@code log(1 + f) = 2s + s * R(s^2)} with {@code s = f / (2 + f)} and a degree-14 polynomial {@code R}, and
 * {@code log(x) = k * ln2_hi + (f - (hfsq - (s * (hfsq + R) + k * ln2_lo)))}.
 * <pre>
 * Transcribed from fdlibm e_log.c:
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * </pre>
 * Stateless, threadsafe, allocation-free.
 */
final class StrictLog
{
    private static final double LN2_HI = 6.93147180369123816490e-01; // 3fe62e42 fee00000
    private static final double LN2_LO = 1.90821492927058770002e-10; // 3dea39ef 35793c76
    private static final double LG1 = 6.666666666666735130e-01; // 3FE55555 55555593
    private static final double LG2 = 3.999999999940941908e-01; // 3FD99999 9997FA04
    private static final double LG3 = 2.857142874366239149e-01; // 3FD24924 94229359
    private static final double LG4 = 2.222219843214978396e-01; // 3FCC71C5 1D8E78AF
    private static final double LG5 = 1.818357216161805012e-01; // 3FC74664 96CB03DE
    private static final double LG6 = 1.531383769920937332e-01; // 3FC39A09 D078C69F
    private static final double LG7 = 1.479819860511658591e-01; // 3FC2F112 DF3E5244
    private static final long LOW_WORD = 0xFFFF_FFFFL;

    private StrictLog()
    {
    }

    /**
     * @param x any double.
     * @return {@code StrictMath.log(x)}, bit for bit.
     */
    static double log(final double x)
    {
        final long bits = Double.doubleToRawLongBits(x);
        int hx = (int)(bits >>> 32);
        if (hx < 0x0010_0000 || hx >= 0x7ff0_0000)
        {
            return StrictMath.log(x);
        }
        int k = (hx >> 20) - 1023;
        hx &= 0x000f_ffff;
        int i = (hx + 0x9_5f64) & 0x10_0000;
        // Normalise x or x/2 into [sqrt(2)/2, sqrt(2)).
        final double m = Double.longBitsToDouble(((long)(hx | (i ^ 0x3ff0_0000)) << 32) | (bits & LOW_WORD));
        k += i >> 20;
        final double f = m - 1.0;
        if ((0x000f_ffff & (2 + hx)) < 3)
        {
            return logNearOne(f, k);
        }
        final double s = f / (2.0 + f);
        final double dk = k;
        final double z = s * s;
        i = hx - 0x6_147a;
        final double w = z * z;
        final int j = 0x6_b851 - hx;
        final double t1 = w * (LG2 + w * (LG4 + w * LG6));
        final double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        i |= j;
        final double r = t2 + t1;
        if (i > 0)
        {
            final double hfsq = 0.5 * f * f;
            if (0 == k)
            {
                return f - (hfsq - s * (hfsq + r));
            }
            return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
        }
        if (0 == k)
        {
            return f - s * (f - r);
        }
        return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
    }

    /**
     * {@code |f| < 2^-20}.
     */
    private static double logNearOne(final double f, final int k)
    {
        if (0.0 == f)
        {
            if (0 == k)
            {
                return 0.0;
            }
            final double dk = k;
            return dk * LN2_HI + dk * LN2_LO;
        }
        final double r = f * f * (0.5 - 0.33333333333333333 * f);
        if (0 == k)
        {
            return f - r;
        }
        final double dk = k;
        return dk * LN2_HI - ((r - dk * LN2_LO) - f);
    }
}
