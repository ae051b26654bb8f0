package io.concurrengine.pipeline;

import io.concurrengine.core.wheel.EventWheel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A shard core driven by hand on the test thread.
 */
class ShardCoreTest
{
    @Test
    void shouldDispatchAndJournalAnEventDueAtTheEndOfTimeWhenTheClockAdvancesThere()
    {
        final RecordingModel model = new RecordingModel();
        final List<Long> advances = new ArrayList<>();
        final ShardJournal journal = new ShardJournal.Discarding()
        {
            @Override
            public void advance(final long time)
            {
                advances.add(time);
            }
        };
        try (ShardCore core = new ShardCore(0, new EventWheel(), model, journal, error -> { }, null))
        {
            // its follow-up is due Long.MAX_VALUE time units later: saturated, at Long.MAX_VALUE
            core.input(10, RecordingModel.INPUT, 1, 7, Long.MAX_VALUE, 0, 0);

            assertEquals(0, core.advance(Long.MAX_VALUE - 1));
            assertEquals(1, core.advance(Long.MAX_VALUE), "the follow-up is due by Long.MAX_VALUE");
            assertEquals(Long.MAX_VALUE, model.dispatched.get(1)[0]);
            assertEquals(List.of(Long.MAX_VALUE), advances, "journaled, so that a replay dispatches it too");
            assertEquals(1, core.advances());
            assertEquals(0, core.advance(Long.MAX_VALUE), "nothing left: no trace");
        }
    }
}
