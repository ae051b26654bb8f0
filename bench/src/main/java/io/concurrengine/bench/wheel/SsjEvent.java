package io.concurrengine.bench.wheel;

import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;

/**
 * An SSJ event carrying the same payload as the off-heap record. The event list is used on its own, without a
 * running {@link Simulator}: {@code schedule} and {@code setTime} consult the simulator and refuse an event that
 * looks scheduled, so a removed event is re-timed through the protected field before it is added again.
 */
final class SsjEvent extends Event
{
    final int type;
    final long target;
    final long a0;
    final long a1;
    final long a2;
    final long a3;

    SsjEvent(final Simulator simulator, final long time, final long target)
    {
        super(simulator);
        this.eventTime = time;
        this.type = 1;
        this.target = target;
        this.a0 = target;
        this.a1 = target + 1;
        this.a2 = target + 2;
        this.a3 = target + 3;
    }

    void retime(final double time)
    {
        eventTime = time;
    }

    @Override
    public void actions()
    {
    }
}
