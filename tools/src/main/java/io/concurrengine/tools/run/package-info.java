/**
 * {@code concurrengine run}, the main job, and {@code feed}.
 * <p>
 * {@link io.concurrengine.tools.run.RunJob} sequences a run: every start-up check first, so that a run refused at
 * start leaves an earlier run's journal as it was; then the warm-up ({@link io.concurrengine.tools.run.RunWarmUp}),
 * the engine the configuration describes ({@link io.concurrengine.tools.run.RunEngineFactory}), the journal
 * directory's preparation under its lock ({@link io.concurrengine.tools.run.RunJournalDir},
 * {@link io.concurrengine.tools.run.RunLock}), the counters file around the engine
 * ({@link io.concurrengine.tools.run.RunCounters}), then the feed until it is done or stopped and the summary
 * ({@link io.concurrengine.tools.run.MeasuredRun}, {@link io.concurrengine.tools.run.RunSummary}). Ctrl-C or SIGTERM
 * stops the feed and still drains, journals and summarises. {@link io.concurrengine.tools.run.MarketShardModel} puts the
 * market reference model on a shard.
 * {@link io.concurrengine.tools.run.FeedCommand} writes the flow a run would publish, or a journal's inputs, as
 * feed-file lines to a file, standard output or a TCP peer.
 */
package io.concurrengine.tools.run;
