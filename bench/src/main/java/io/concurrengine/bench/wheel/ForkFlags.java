package io.concurrengine.bench.wheel;

/**
 * JVM flags every benchmark fork gets: the access Agrona needs on Java 17, and Agrona's bounds checks off, as a
 * latency-sensitive deployment runs. The bounds checks guard {@code UnsafeBuffer}, which is what the
 * {@code EventWheel} arena reads and writes; Agrona's {@code DeadlineTimerWheel} is plain {@code long[]} code and
 * does not see the flag.
 */
final class ForkFlags
{
    static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String ADD_OPENS_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String ADD_OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String ADD_EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String NO_BOUNDS_CHECKS = "-Dagrona.disable.bounds.checks=true";

    private ForkFlags()
    {
    }
}
