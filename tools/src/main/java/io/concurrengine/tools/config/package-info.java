/**
 * A run's configuration: the embedded {@code default-engine.toml}, then {@code --config FILE}, then
 * {@code CONCURRENGINE_<SECTION>_<KEY>} environment variables, then flags, each overriding the one before.
 * <p>
 * {@link io.concurrengine.tools.config.ConfigLoader} declares every key once and reads it the same way from all four
 * sources, so a value means the same thing wherever it is written, takes a file's relative paths from its directory
 * ({@link io.concurrengine.tools.config.ConfigPaths}) and checks the keys together
 * ({@link io.concurrengine.tools.config.ConfigChecks}); the result is an
 * {@link io.concurrengine.tools.config.EngineConfig} whose every value has been checked, and whose canonical text and
 * hash {@link io.concurrengine.tools.config.ConfigToml} writes. An unknown key, a wrong type
 * or a value out of range is a {@link io.concurrengine.tools.config.ConfigException} naming the source (file, line and
 * column, variable or flag), the key and the problem, before anything is started or written. Counts, rates and
 * durations are parsed by {@link io.concurrengine.tools.config.Values} and
 * {@link io.concurrengine.tools.config.Durations}, a refused value quoted by
 * {@link io.concurrengine.tools.config.ValueText}. A run writes its resolved configuration to its journal directory
 * ({@code run.toml}), whose hash every journal header carries.
 */
package io.concurrengine.tools.config;
