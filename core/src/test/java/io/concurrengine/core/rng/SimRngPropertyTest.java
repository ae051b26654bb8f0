package io.concurrengine.core.rng;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimRngPropertyTest
{
    @Property
    void shouldKeepNextDoubleInUnitInterval(@ForAll final long state)
    {
        final double value = new SimRng(state).nextDouble();

        assertTrue(value >= 0.0 && value < 1.0, () -> "out of [0, 1): " + value);
    }

    @Property
    void shouldDeriveNextDoubleFromTop53BitsOfNextLong(@ForAll final long state)
    {
        final long bits = new SimRng(state).nextLong() >>> 11;

        assertEquals(bits * 0x1.0p-53, new SimRng(state).nextDouble());
    }

    @Property
    void shouldSeedFromFnvOfTwentyFourLittleEndianBytes(
        @ForAll final long seedBase, @ForAll final long chunkId, @ForAll final long iterationIndex)
    {
        final byte[] bytes = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(seedBase).putLong(chunkId).putLong(iterationIndex).array();
        final long hash = Fnv1a64.hash(bytes);
        final long expected = 0 == hash ? SimRng.ZERO_STATE_REPLACEMENT : hash;

        assertEquals(expected, SimRng.seeded(seedBase, chunkId, iterationIndex).state());
    }

    @Property
    void shouldSeedFromPrefixLikeSeeded(
        @ForAll final long seedBase, @ForAll final long chunkId, @ForAll final long iterationIndex)
    {
        final long prefix = SimRng.seedPrefix(seedBase, chunkId);

        assertEquals(
            SimRng.seeded(seedBase, chunkId, iterationIndex).state(),
            SimRng.fromPrefix(prefix, iterationIndex).state());
    }

    @Property
    void shouldReseedLikeFromPrefix(@ForAll final long state, @ForAll final long prefix, @ForAll final long iteration)
    {
        final SimRng rng = new SimRng(state);
        rng.reseed(prefix, iteration);

        assertEquals(SimRng.fromPrefix(prefix, iteration).state(), rng.state());
    }

    @Property
    void shouldReproduceStreamFromRestoredState(@ForAll final long state, @ForAll @IntRange(max = 100) final int skip)
    {
        final SimRng original = new SimRng(state);
        for (int i = 0; i < skip; i++)
        {
            original.nextLong();
        }
        final SimRng copy = new SimRng(state);
        copy.restore(original.state());

        assertEquals(original.nextLong(), copy.nextLong());
    }

    @Property
    void shouldNeverReachZeroState(@ForAll final long state)
    {
        final SimRng rng = new SimRng(state);

        assertNotEquals(0L, rng.nextLong());
    }

    @Property
    void shouldKeepNextIntWithinBound(@ForAll final long state, @ForAll @IntRange(min = 1) final int bound)
    {
        final int value = new SimRng(state).nextInt(bound);

        assertTrue(value >= 0 && value < bound, () -> value + " not in [0, " + bound + ")");
    }
}
