package io.concurrengine.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ShardCountersLabelTest
{
    @Test
    void shouldReadBackTheShardAndNameOfTheLabelsItWrites()
    {
        final String label = ShardCounters.shardLabel(12, "last interval P99 ns");
        assertEquals("shard-12: last interval P99 ns", label, "the counters file's format, read by other processes");
        assertEquals("12", ShardCounters.shardOf(label));
        assertEquals("last interval P99 ns", ShardCounters.nameOf(label));
        assertEquals("a: b", ShardCounters.nameOf(ShardCounters.shardLabel(0, "a: b")));
        assertEquals("0", ShardCounters.shardOf(ShardCounters.shardLabel(0, "inputs")));
        assertEquals("1029", ShardCounters.shardOf("shard-1029: inputs"), "every digit, 0 and 9 too");
    }

    @Test
    void shouldNotTakeOtherLabelsForAShardsCounter()
    {
        for (final String label : new String[]{
            "engine: errors", "shard-: inputs", "shard-1x: inputs", "shard-1/: inputs", "shard-1:: inputs",
            "shard-1 inputs", "shard-1:inputs", "shard 1: x",
            "Shard-1: inputs", ""})
        {
            assertNull(ShardCounters.shardOf(label), label);
        }
    }
}
