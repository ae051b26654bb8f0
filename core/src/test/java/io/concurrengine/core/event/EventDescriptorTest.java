package io.concurrengine.core.event;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.concurrengine.core.event.EventDescriptor.A0_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.A1_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.A2_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.A3_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.NEXT_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.RECORD_ALIGNMENT;
import static io.concurrengine.core.event.EventDescriptor.RECORD_LENGTH;
import static io.concurrengine.core.event.EventDescriptor.RECORD_SHIFT;
import static io.concurrengine.core.event.EventDescriptor.SEQ_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TARGET_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TIME_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TYPE_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventDescriptorTest
{
    private static final int[][] FIELDS = {
        { TIME_OFFSET, Long.BYTES },
        { SEQ_OFFSET, Long.BYTES },
        { NEXT_OFFSET, Integer.BYTES },
        { TYPE_OFFSET, Integer.BYTES },
        { TARGET_OFFSET, Long.BYTES },
        { A0_OFFSET, Long.BYTES },
        { A1_OFFSET, Long.BYTES },
        { A2_OFFSET, Long.BYTES },
        { A3_OFFSET, Long.BYTES },
    };

    @Test
    void shouldMatchTheDocumentedOffsets()
    {
        assertEquals(0, TIME_OFFSET);
        assertEquals(8, SEQ_OFFSET);
        assertEquals(16, NEXT_OFFSET);
        assertEquals(20, TYPE_OFFSET);
        assertEquals(24, TARGET_OFFSET);
        assertEquals(32, A0_OFFSET);
        assertEquals(40, A1_OFFSET);
        assertEquals(48, A2_OFFSET);
        assertEquals(56, A3_OFFSET);
    }

    @Test
    void shouldBeOneCacheLine()
    {
        assertEquals(64, RECORD_LENGTH);
        assertEquals(RECORD_LENGTH, 1 << RECORD_SHIFT);
        assertEquals(0, RECORD_ALIGNMENT % RECORD_LENGTH);
    }

    @Test
    void shouldAlignEveryFieldToItsSize()
    {
        for (final int[] field : FIELDS)
        {
            assertEquals(0, field[0] % field[1], "offset " + field[0]);
        }
    }

    @Test
    void shouldCoverTheRecordWithoutOverlapOrGap()
    {
        final boolean[] covered = new boolean[RECORD_LENGTH];
        for (final int[] field : FIELDS)
        {
            for (int i = field[0]; i < field[0] + field[1]; i++)
            {
                assertTrue(!covered[i], "byte " + i + " covered twice");
                covered[i] = true;
            }
        }
        final boolean[] all = new boolean[RECORD_LENGTH];
        Arrays.fill(all, true);
        assertTrue(Arrays.equals(all, covered), "every byte of the record belongs to one field");
    }

    @Test
    void shouldPlaceEachRecordOneRecordLengthAfterThePreviousOne()
    {
        assertEquals(0, EventDescriptor.offset(0));
        assertEquals(RECORD_LENGTH, EventDescriptor.offset(1));
        final int last = EventDescriptor.MAX_RECORDS - 1;
        assertEquals((long)last * RECORD_LENGTH, EventDescriptor.offset(last), "the last record's offset is an int");
    }

    @Test
    void shouldRejectCapacityBeyondIntAddressing()
    {
        assertEquals(
            "capacity=0 must be in [1, " + EventDescriptor.MAX_RECORDS + "]",
            assertThrows(IllegalArgumentException.class, () -> EventDescriptor.checkCapacity(0)).getMessage());
        EventDescriptor.checkCapacity(1);
        assertThrows(
            IllegalArgumentException.class, () -> EventDescriptor.checkCapacity(EventDescriptor.MAX_RECORDS + 1));
        EventDescriptor.checkCapacity(EventDescriptor.MAX_RECORDS);

        // the arena allocates its records and the room to align them as one int-sized direct buffer
        final long largest = (long)EventDescriptor.MAX_RECORDS * RECORD_LENGTH + EventDescriptor.RECORD_ALIGNMENT;
        assertTrue(largest <= Integer.MAX_VALUE, "the largest arena's allocation: " + largest);
        assertTrue(largest + RECORD_LENGTH > Integer.MAX_VALUE, "and one record more would not fit: " + largest);
    }
}
