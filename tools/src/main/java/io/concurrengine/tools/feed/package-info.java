/**
 * Feeds: what publishes input into a running engine or pipeline from outside it. {@code PacedFeed} drives the seeded
 * synthetic order flow at a fixed rate or flat out, for {@code concurrengine run}/{@code soak} and for the bench
 * harness alike, so both measure latency from the same schedule.
 */
package io.concurrengine.tools.feed;
