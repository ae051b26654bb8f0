package io.concurrengine.core.rng;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

// Reference values below were computed outside this implementation with python3 using explicit
// 64-bit masking (x ^= (x << 13) & 0xFFFF_FFFF_FFFF_FFFF; x ^= x >> 7; x ^= (x << 17) & 0xFFFF_FFFF_FFFF_FFFF)
// and FNV-1a 64 over (value % 2**64).to_bytes(8, 'little') of each seed component.
class SimRngTest
{
    // Marsaglia, "Xorshift RNGs", J. Stat. Software 8(14), 2003: 64-bit generator, shifts 13/7/17, seed
    // 88172645463325252. First five outputs (unsigned 8748534153485358512, 3040900993826735515,
    // 3453997556048239312, 16431732851926010853, 8204724074003728306), re-computed with python3.
    private static final long MARSAGLIA_SEED = 88172645463325252L;
    private static final long[] MARSAGLIA_OUTPUTS =
    {
        8748534153485358512L,
        3040900993826735515L,
        3453997556048239312L,
        -2015011221783540763L, // 16431732851926010853 unsigned
        8204724074003728306L,
    };

    @Test
    void shouldMatchMarsagliaReferenceOutputs()
    {
        final SimRng rng = new SimRng(MARSAGLIA_SEED);
        final long[] outputs = new long[MARSAGLIA_OUTPUTS.length];
        for (int i = 0; i < outputs.length; i++)
        {
            outputs[i] = rng.nextLong();
        }

        assertArrayEquals(MARSAGLIA_OUTPUTS, outputs);
    }

    @Test
    void shouldExposeLastOutputAsState()
    {
        final SimRng rng = new SimRng(MARSAGLIA_SEED);
        final long output = rng.nextLong();

        assertEquals(output, rng.state());
    }

    @Test
    void shouldSeedFromFnvOfLittleEndianBaseChunkAndIteration()
    {
        // python3: fnv1a64(le(42) + le(7) + le(3))
        assertEquals(0x63677157545c334bL, SimRng.seeded(42, 7, 3).state());
    }

    @Test
    void shouldReturnIntermediateFnvStateAsSeedPrefix()
    {
        // python3: fnv1a64(le(42) + le(7))
        assertEquals(0xe56ecf4870a447e8L, SimRng.seedPrefix(42, 7));
    }

    @Test
    void shouldHashNegativeSeedComponentsAsTwosComplementBytes()
    {
        // python3: fnv1a64(le(-1) + le(-2) + le(2**40)), le = to_bytes(8, 'little') of the value mod 2**64
        assertEquals(0x1b5e39e3733eff5fL, SimRng.seeded(-1, -2, 1L << 40).state());
    }

    @Test
    void shouldProduceReferenceOutputsAfterSeeding()
    {
        final SimRng rng = SimRng.seeded(42, 7, 3);

        // python3: xorshift64 steps from 0x63677157545c334b
        assertEquals(0x8d81d7c9184b39edL, rng.nextLong());
        assertEquals(0xbc45fa39163474deL, rng.nextLong());
    }

    @Test
    void shouldReseedInPlaceToFromPrefixState()
    {
        final SimRng rng = new SimRng(MARSAGLIA_SEED);
        rng.reseed(SimRng.seedPrefix(42, 7), 3);

        assertEquals(0x63677157545c334bL, rng.state());
    }

    @Test
    void shouldReplaceZeroHashWhenSeedingFromPrefix()
    {
        // FNV-1a of eight zero bytes starting from state 0 stays 0: (0 ^ 0) * prime == 0.
        assertEquals(SimRng.ZERO_STATE_REPLACEMENT, SimRng.fromPrefix(0, 0).state());
    }

    @Test
    void shouldReplaceZeroHashWhenReseeding()
    {
        final SimRng rng = new SimRng(MARSAGLIA_SEED);
        rng.reseed(0, 0);

        assertEquals(SimRng.ZERO_STATE_REPLACEMENT, rng.state());
    }

    @Test
    void shouldReplaceZeroRawState()
    {
        assertEquals(SimRng.ZERO_STATE_REPLACEMENT, SimRng.fromState(0).state());
    }

    @Test
    void shouldReplaceZeroStateOnRestore()
    {
        final SimRng rng = new SimRng(MARSAGLIA_SEED);
        rng.restore(0);

        assertEquals(0x9E3779B97F4A7C15L, rng.state());
    }

    @Test
    void shouldDeriveDoubleFromTop53Bits()
    {
        // python3: (8748534153485358512 >> 11) * 2.0**-53
        assertEquals(0.4742589867636229, new SimRng(MARSAGLIA_SEED).nextDouble());
    }

    @Test
    void shouldReturnLargestDoubleBelowOneForAllOnesOutput()
    {
        // python3: inverse xorshift of 0xFFFF_FFFF_FFFF_FFFF, so the next output is all ones
        final SimRng rng = new SimRng(0x6a2b51650bc99dc4L);

        assertEquals(0x1.fffffffffffffp-1, rng.nextDouble());
    }

    @Test
    void shouldDrawReferenceIntsWithoutRejection()
    {
        final SimRng rng = SimRng.seeded(42, 7, 3);
        final int[] draws = new int[8];
        for (int i = 0; i < draws.length; i++)
        {
            draws[i] = rng.nextInt(10);
        }

        // python3: Lemire multiply-shift on (state >> 32), one xorshift step per draw
        assertArrayEquals(new int[]{ 5, 7, 7, 1, 9, 9, 6, 5 }, draws);
    }

    @Test
    void shouldRedrawRejectedSamplesInNextInt()
    {
        // bound 2^30 + 1 has rejection threshold 2^30 - 3, so about a quarter of samples are rejected.
        final SimRng rng = SimRng.seeded(42, 7, 3);
        final int[] draws = new int[8];
        for (int i = 0; i < draws.length; i++)
        {
            draws[i] = rng.nextInt((1 << 30) + 1);
        }

        // python3: 8 draws consumed 12 xorshift steps (4 rejections)
        assertArrayEquals(
            new int[]{ 593524210, 789675662, 778437789, 184207687, 1042929284, 457981389, 123041248, 876993897 },
            draws);
        assertEquals(0xd11775a26ca645c4L, rng.state());
    }

    @Test
    void shouldAcceptASampleWhoseLowWordEqualsTheRejectionThreshold()
    {
        // python3: inverse xorshift of 0x6666666712345678, so the next sample r is 0x66666667; r * 10 mod 2^32 is 6,
        // exactly the threshold (2^32 - 10) mod 10, which Lemire's method accepts (it rejects only below it)
        final SimRng rng = new SimRng(0x6551a2547f05437eL);
        assertEquals(6L, (0x66666667L * 10) & 0xFFFF_FFFFL);

        assertEquals(4, rng.nextInt(10), "(r * 10) >>> 32");
        assertEquals(0x6666666712345678L, rng.state(), "one step: the sample was not redrawn");
    }

    @Test
    void shouldRejectNonPositiveBound()
    {
        final SimRng rng = new SimRng(MARSAGLIA_SEED);

        assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    }
}
