/**
 * The {@code concurrengine} command line ({@link io.concurrengine.tools.Main}) and what its commands share.
 * <p>
 * Every command is a picocli subcommand in a package of its own: {@code run} (the main job, and {@code feed}),
 * {@code journal} ({@code replay}, {@code inspect}), {@code soak}, {@code telemetry} ({@code stat}, and the counters
 * and Prometheus endpoint a run publishes), {@code sim}, {@code table} ({@code benchmark}). Configuration is
 * {@code config}, feeds {@code feed}, JSON output {@code json}.
 * <p>
 * The rules every command keeps, and the classes here that keep them: exit 0 for success, 1 for a failure of the
 * work, 2 for bad input; a command that gives no result says why, and with {@code --json} prints exactly one error
 * object in its place ({@link io.concurrengine.tools.CommandError}); text from outside (a path, a value as the user
 * typed it) is printed with its control characters escaped ({@link io.concurrengine.tools.PrintableText}); an I/O
 * failure is reported as what the file system said, with the path ({@link io.concurrengine.tools.IoProblems}); a
 * report or summary is written whole or not at all ({@link io.concurrengine.tools.AtomicFiles}).
 */
package io.concurrengine.tools;
