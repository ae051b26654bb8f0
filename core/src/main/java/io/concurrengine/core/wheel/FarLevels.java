package io.concurrengine.core.wheel;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static io.concurrengine.core.event.EventDescriptor.NEXT_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.NULL_INDEX;
import static io.concurrengine.core.event.EventDescriptor.RECORD_SHIFT;
import static io.concurrengine.core.event.EventDescriptor.TIME_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TYPE_CANCELLED;
import static io.concurrengine.core.event.EventDescriptor.TYPE_OFFSET;
import static io.concurrengine.core.wheel.Bitmaps.NONE;
import static io.concurrengine.core.wheel.Bitmaps.nextSetBit;
import static io.concurrengine.core.wheel.Bitmaps.nextSetSlot;

/**
 * The far levels of an {@link EventWheel}: where events due beyond the near wheel wait, and how they come nearer as
 * the base advances.
 * <p>
 * Levels 1 to {@code levels} of 4096 circular slots each, a slot of level {@code k} as wide as 64 slots of level
 * {@code k - 1} (level 0 is the {@link NearWheel}), enough levels for the top one to reach the end of the {@code long}
 * range. Level {@code k} holds the far slot numbers from its low bound, {@code levelLow[k]}, on; level 1's low bound
 * is where the near wheel ends. {@link #place} puts a record into the near wheel or the lowest level whose range
 * holds its time; {@link #advance} raises every low bound the level below now has room for and brings the far slots
 * left below it down a level ({@link #cascadeCount()}); {@link #jumpSlot} finds the earliest far slot for a near
 * wheel with nothing in it to jump to ({@link #jumpCount()}). An event moves down at most once per level.
 * <p>
 * Records are linked through their {@code next} field; a cancelled record is freed to the {@link NodeArena} when a
 * move meets it. Allocates nothing. Not threadsafe.
 */
final class FarLevels
{
    /** log2 of how many slots of a level one slot of the level above covers. */
    private static final int LEVEL_BITS = 6;

    /** log2 of the slots in each far level. */
    private static final int FAR_SLOT_BITS = 12;
    private static final int FAR_SLOT_COUNT = 1 << FAR_SLOT_BITS;
    private static final int FAR_WORDS = FAR_SLOT_COUNT >> 6;

    /** The top level's slots must be this wide (as a shift) for its 4096 slots to reach any {@code long} time. */
    private static final int TOP_LEVEL_MIN_SHIFT = Long.SIZE - FAR_SLOT_BITS;

    private final int slotShift;
    private final int slotCount;

    /** Far levels 1..levels; index 0 of the per-level arrays is unused. */
    private final int levels;
    private final int[] levelShift;
    private final long[] levelLow;
    private final int[] levelRecords;
    private final int[] farHead;
    private final int[] farTail;
    private final long[] farBitmap;

    private final NodeArena arena;
    private final NearWheel near;

    private int farRecords;
    private long cascadeCount;
    private long jumpCount;

    /**
     * @param slotCount number of near slots, a power of two in [64, 2^24] (checked by {@link EventWheel}).
     * @param slotShift log2 of the near slot width in time units, in [0, 32].
     * @param arena     holding the records.
     * @param near      the near wheel, where records due before level 1 go.
     */
    FarLevels(final int slotCount, final int slotShift, final NodeArena arena, final NearWheel near)
    {
        this.slotShift = slotShift;
        this.slotCount = slotCount;
        this.levels = (TOP_LEVEL_MIN_SHIFT - slotShift + LEVEL_BITS - 1) / LEVEL_BITS;
        this.levelShift = new int[levels + 1];
        this.levelLow = new long[levels + 1];
        this.levelRecords = new int[levels + 1];
        for (int level = 0; level <= levels; level++)
        {
            levelShift[level] = slotShift + level * LEVEL_BITS;
        }
        this.farHead = new int[levels << FAR_SLOT_BITS];
        this.farTail = new int[levels << FAR_SLOT_BITS];
        this.farBitmap = new long[levels * FAR_WORDS];
        Arrays.fill(farHead, NULL_INDEX);
        Arrays.fill(farTail, NULL_INDEX);

        this.arena = arena;
        this.near = near;
    }

    /**
     * Set every level's low bound for a near wheel whose base is slot number {@code base}. The levels must hold no
     * record.
     */
    void startAt(final long base)
    {
        long below = base;
        int belowBits = Integer.numberOfTrailingZeros(slotCount);
        for (int level = 1; level <= levels; level++)
        {
            levelLow[level] = (below >> LEVEL_BITS) + (1L << (belowBits - LEVEL_BITS));
            below = levelLow[level];
            belowBits = FAR_SLOT_BITS;
        }
    }

    /**
     * @return true if {@code time} is due before level 1, in the near wheel's range (or before it).
     */
    boolean isNear(final long time)
    {
        return (time >> levelShift[1]) < levelLow[1];
    }

    /**
     * @return the last near slot number before level 1.
     */
    long lastNearSlot()
    {
        return (levelLow[1] << LEVEL_BITS) - 1;
    }

    /**
     * Put a record at or after the base into the near wheel or the lowest far level whose range holds its time.
     */
    void place(final UnsafeBuffer buffer, final int index, final long time)
    {
        if (isNear(time))
        {
            near.insert(buffer, index, time);
            return;
        }
        int level = 1;
        while (level < levels && (time >> levelShift[level + 1]) >= levelLow[level + 1])
        {
            level++;
        }
        final int slot = (int)(time >> levelShift[level]) & (FAR_SLOT_COUNT - 1);
        final int position = ((level - 1) << FAR_SLOT_BITS) + slot;
        buffer.putInt((index << RECORD_SHIFT) + NEXT_OFFSET, NULL_INDEX);
        final int tail = farTail[position];
        if (NULL_INDEX == tail)
        {
            farHead[position] = index;
            farBitmap[(level - 1) * FAR_WORDS + (slot >> 6)] |= 1L << slot;
        }
        else
        {
            buffer.putInt((tail << RECORD_SHIFT) + NEXT_OFFSET, index);
        }
        farTail[position] = index;
        levelRecords[level]++;
        farRecords++;
    }

    /**
     * The near wheel holds nothing: find the earliest far slot and, if it starts by {@code limit}, count a jump to it.
     * The caller then moves the base there.
     *
     * @return the near slot number where the earliest far slot starts, or {@link Bitmaps#NONE} if there is no far
     * slot or it starts after {@code limit}. A far slot lies after the base, which is after {@code Long.MIN_VALUE}, so
     * its start is never {@code NONE}.
     */
    long jumpSlot(final long limit)
    {
        for (int level = 1; level <= levels; level++)
        {
            if (0 != levelRecords[level])
            {
                final long low = levelLow[level];
                final long slot = nextSetSlot(
                    farBitmap, (level - 1) * FAR_WORDS, FAR_SLOT_COUNT - 1, low, low + FAR_SLOT_COUNT - 1);
                final int shift = levelShift[level];
                if ((slot << shift) > limit)
                {
                    return NONE;
                }
                jumpCount++;
                return slot << (shift - slotShift);
            }
        }
        return NONE;
    }

    /**
     * The base moved forward to near slot number {@code slot}: let every far level bring down the slots the level
     * below now has room for.
     */
    void advance(final UnsafeBuffer buffer, final long slot)
    {
        long below = slot;
        int belowBits = Integer.numberOfTrailingZeros(slotCount);
        for (int level = 1; level <= levels; level++)
        {
            final long oldLow = levelLow[level];
            final long newLow = (below >> LEVEL_BITS) + (1L << (belowBits - LEVEL_BITS));
            if (newLow <= oldLow)
            {
                return;
            }
            levelLow[level] = newLow;
            if (0 != levelRecords[level])
            {
                cascade(buffer, level, oldLow, newLow);
            }
            below = newLow;
            belowBits = FAR_SLOT_BITS;
        }
    }

    /**
     * Free every record in the far levels, leaving them empty, and zero the counts.
     */
    void clear()
    {
        clearRecords();
        cascadeCount = 0;
        jumpCount = 0;
    }

    /**
     * Free every record in the far levels, leaving them empty; the counts of cascades and jumps stay.
     */
    void clearRecords()
    {
        for (int level = 1; level <= levels; level++)
        {
            final int wordOffset = (level - 1) * FAR_WORDS;
            for (int slot = nextSetBit(farBitmap, wordOffset, 0, FAR_SLOT_COUNT - 1); NULL_INDEX != slot;
                slot = nextSetBit(farBitmap, wordOffset, slot + 1, FAR_SLOT_COUNT - 1))
            {
                final int position = ((level - 1) << FAR_SLOT_BITS) + slot;
                arena.freeList(farHead[position]);
                farHead[position] = NULL_INDEX;
                farTail[position] = NULL_INDEX;
                farBitmap[wordOffset + (slot >> 6)] &= ~(1L << slot);
            }
            levelRecords[level] = 0;
        }
        farRecords = 0;
    }

    /**
     * @return records in the far levels, including cancelled ones not yet reclaimed.
     */
    int records()
    {
        return farRecords;
    }

    /**
     * @return far slots holding records that were moved one level nearer, since creation or the last {@link #clear}.
     */
    long cascadeCount()
    {
        return cascadeCount;
    }

    /**
     * @return jumps counted by {@link #jumpSlot}, since creation or the last {@link #clear}.
     */
    long jumpCount()
    {
        return jumpCount;
    }

    /**
     * Bring the records of far slots {@code [from, to)} of {@code level}, now below its low bound, to the levels
     * that hold their times.
     */
    private void cascade(final UnsafeBuffer buffer, final int level, final long from, final long to)
    {
        final int wordOffset = (level - 1) * FAR_WORDS;
        final long last = to - from >= FAR_SLOT_COUNT ? from + FAR_SLOT_COUNT - 1 : to - 1;
        long slot = nextSetSlot(farBitmap, wordOffset, FAR_SLOT_COUNT - 1, from, last);
        while (NONE != slot)
        {
            final int bit = (int)slot & (FAR_SLOT_COUNT - 1);
            final int position = ((level - 1) << FAR_SLOT_BITS) + bit;
            int node = farHead[position];
            farHead[position] = NULL_INDEX;
            farTail[position] = NULL_INDEX;
            farBitmap[wordOffset + (bit >> 6)] &= ~(1L << bit);
            cascadeCount++;
            while (NULL_INDEX != node)
            {
                final int offset = node << RECORD_SHIFT;
                final int next = buffer.getInt(offset + NEXT_OFFSET);
                levelRecords[level]--;
                farRecords--;
                if (buffer.getInt(offset + TYPE_OFFSET) == TYPE_CANCELLED)
                {
                    arena.free(node);
                }
                else
                {
                    place(buffer, node, buffer.getLong(offset + TIME_OFFSET));
                }
                node = next;
            }
            slot = slot == last ? NONE : nextSetSlot(farBitmap, wordOffset, FAR_SLOT_COUNT - 1, slot + 1, last);
        }
    }
}
