package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.SyntheticOrderFlow;

/**
 * Where a {@link PacedFeed} takes its inputs from: the synthetic order flow, or a recorded feed file
 * ({@link MarketFeedFile}).
 */
@FunctionalInterface
public interface InputSource
{
    /**
     * Fill in the next input.
     *
     * @param into the input to overwrite.
     * @return true if {@code into} holds the next input, false at the end of the source.
     * @throws FeedFormatException if the source holds a malformed record and is set to stop at one.
     * @throws java.io.UncheckedIOException if the source cannot be read.
     */
    boolean next(MarketInput into);

    /**
     * @return how many reads the source has made of what it reads from (a file, a pipe, a connection) so far: a read
     * may wait for the upstream, so a feed that stamps inputs with one clock reading for several takes a new one after
     * a read. 0 for a source that makes none, such as the synthetic flow.
     */
    default long reads()
    {
        return 0;
    }

    /**
     * @param flow a synthetic order flow.
     * @return the endless source of its inputs.
     */
    static InputSource of(final SyntheticOrderFlow flow)
    {
        return (into) ->
        {
            flow.next(into);
            return true;
        };
    }
}
