package io.concurrengine.model.market;

import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.wheel.EventWheel;

/**
 * A synthetic flow taken down once into arrays, so that it can be replayed into one model or split across shards by
 * instrument id, as the engine routes by target.
 */
final class RecordedFlow
{
    final int[] type;
    final long[] target;
    final long[] a0;
    final long[] a1;
    final long[] a2;
    final long[] a3;
    final long[] feedTime;

    RecordedFlow(final OrderFlowConfig config, final int inputs)
    {
        type = new int[inputs];
        target = new long[inputs];
        a0 = new long[inputs];
        a1 = new long[inputs];
        a2 = new long[inputs];
        a3 = new long[inputs];
        feedTime = new long[inputs];
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(config);
        final MarketInput input = new MarketInput();
        for (int i = 0; i < inputs; i++)
        {
            flow.next(input);
            type[i] = input.type();
            target[i] = input.target();
            a0[i] = input.a0();
            a1[i] = input.a1();
            a2[i] = input.a2();
            a3[i] = input.a3();
            feedTime[i] = input.feedTime();
        }
    }

    /**
     * Drive one shard the way the live engine does: dispatch everything due before an input's feed time, then push
     * the input; at the end dispatch every timer left.
     */
    MarketModel runShard(final MarketConfig config, final int shard, final int shardCount)
    {
        final MarketModel model = new MarketModel(config);
        try (EventWheel wheel = new EventWheel())
        {
            final RunLoop loop = new RunLoop(wheel, model, Long.MAX_VALUE);
            for (int i = 0; i < type.length; i++)
            {
                if (Math.floorMod(target[i], shardCount) == shard)
                {
                    loop.run(feedTime[i]);
                    wheel.push(feedTime[i], type[i], target[i], a0[i], a1[i], a2[i], a3[i]);
                }
            }
            loop.run(Long.MAX_VALUE);
        }
        return model;
    }
}
