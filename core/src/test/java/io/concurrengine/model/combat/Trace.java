package io.concurrengine.model.combat;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.loop.EventHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records every handled event, optionally running a probe after each.
 */
final class Trace implements EventHandler
{
    record Entry(long time, int type, long a0, long a1)
    {
    }

    final List<Entry> entries = new ArrayList<>();
    private final Consumer<Entry> probe;

    Trace()
    {
        this(entry -> {});
    }

    Trace(final Consumer<Entry> probe)
    {
        this.probe = probe;
    }

    @Override
    public void onEvent(final Event event, final EventContext context)
    {
        final Entry entry = new Entry(event.time(), event.type(), event.a0(), event.a1());
        entries.add(entry);
        probe.accept(entry);
    }

    List<Long> times(final int type)
    {
        final List<Long> times = new ArrayList<>();
        for (final Entry entry : entries)
        {
            if (entry.type() == type)
            {
                times.add(entry.time());
            }
        }
        return times;
    }

    List<Long> times(final int type, final long a0)
    {
        final List<Long> times = new ArrayList<>();
        for (final Entry entry : entries)
        {
            if (entry.type() == type && entry.a0() == a0)
            {
                times.add(entry.time());
            }
        }
        return times;
    }

    /**
     * @return every handled event as {@code Name@time}, e.g. {@code CastComplete@1500}, in dispatch order.
     */
    List<String> named()
    {
        final List<String> named = new ArrayList<>();
        for (final Entry entry : entries)
        {
            named.add(CombatEvents.name(entry.type()) + "@" + entry.time());
        }
        return named;
    }

    static List<Long> gaps(final List<Long> times)
    {
        final List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++)
        {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }
}
