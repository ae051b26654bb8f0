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
