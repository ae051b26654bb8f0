#!/usr/bin/env bash
# Reproduces every file in bench/results/ for the timing-wheel benchmarks.
# Usage: bench/run-wheel-benchmarks.sh [all|hold [suffix]|sorted-1m|bounds-checks|probe|profile|table]
#   hold run2 writes wheel-hold-run2.json: a repeat of the main run, to see run-to-run variation.
# Runs at normal priority (no nice); a single-threaded benchmark keeps one core busy.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
OUT=bench/results
WHAT="${1:-all}"

# The same settings the benchmark annotations state, repeated so that the command line alone says what ran.
# -prof gc gives B/op; the CPU-time profiler gives CPU ns/op, which a shared machine's neighbours inflate far less.
SETTINGS=(-f 1 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ns -prof gc \
    -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler -rf json)
ACCESS_FLAGS="--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.nio=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
FLAGS_CHECKS_ON="$ACCESS_FLAGS -Dagrona.disable.bounds.checks=false"

environment()
{
    {
        echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "commit: ${BENCH_COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}"
        echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
        echo "load before '$1': $(cut -d' ' -f1-3 /proc/loadavg)"
        java -version 2>&1 | sed 's/^/java: /'
    } >> "$OUT/wheel-environment.txt"
}

build()
{
    mvn -B -q -o -pl bench -am package -DskipTests
}

hold()
{
    # Every queue in one JMH invocation: hold model (all sizes), the sorted-insert wheel (up to 100 000), cancel.
    local SUFFIX="${1:+-$1}"
    environment "hold$SUFFIX"
    java -jar "$JAR" \
        'io\.concurrengine\.bench\.wheel\.(HoldBenchmark|SortedSlotWheelHoldBenchmark|CancelBenchmark)\.' \
        "${SETTINGS[@]}" -rff "$OUT/wheel-hold$SUFFIX.json" | tee "$OUT/wheel-hold$SUFFIX.txt"
}

sorted_1m()
{
    # The sorted-insert wheel at a million pending events, where it finishes: not the dense distribution.
    environment sorted-1m
    java -jar "$JAR" 'io\.concurrengine\.bench\.wheel\.SortedSlotWheelHoldBenchmark\.' \
        -p size=1000000 -p distribution=EXPONENTIAL,UNIFORM \
        "${SETTINGS[@]}" -rff "$OUT/wheel-hold-sorted-1m.json" | tee "$OUT/wheel-hold-sorted-1m.txt"
}

bounds_checks()
{
    # EventWheel with Agrona's UnsafeBuffer bounds checks left on: the same flags, the last one flipped.
    environment bounds-checks
    java -jar "$JAR" 'io\.concurrengine\.bench\.wheel\.HoldBenchmark\.eventWheel$' \
        -jvmArgsAppend "$FLAGS_CHECKS_ON" \
        "${SETTINGS[@]}" -rff "$OUT/wheel-hold-bounds-checks.json" | tee "$OUT/wheel-hold-bounds-checks.txt"
}

probe()
{
    # Not JMH: per-operation CPU time of the single operations the averages hide.
    environment probe
    # shellcheck disable=SC2086
    java $ACCESS_FLAGS -Dagrona.disable.bounds.checks=true \
        -cp "$JAR" io.concurrengine.bench.wheel.WheelStallProbe | tee "$OUT/wheel-stall-probe.txt"
}

profile()
{
    # JFR execution samples of EventWheel in the hold model at N = 1 000 and 10^6 (no hardware counters here).
    environment profile
    local DIR
    DIR="$(mktemp -d)"
    java -jar "$JAR" 'io\.concurrengine\.bench\.wheel\.HoldBenchmark\.eventWheel$' \
        -p distribution=EXPONENTIAL -p size=1000,1000000 -f 1 -wi 3 -w 1s -i 5 -r 1s -prof "jfr:dir=$DIR" > /dev/null
    : > "$OUT/wheel-jfr.txt"
    for SIZE in 1000 1000000; do
        echo "== HoldBenchmark.eventWheel EXPONENTIAL size=$SIZE" >> "$OUT/wheel-jfr.txt"
        jfr print --json --events jdk.ExecutionSample "$DIR"/*"size-$SIZE"/profile.jfr \
            | python3 bench/results/jfr-top.py 15 >> "$OUT/wheel-jfr.txt"
    done
    rm -rf "$DIR"
    cat "$OUT/wheel-jfr.txt"
}

table()
{
    python3 bench/results/wheel-table.py "$OUT/wheel-hold.json" "$OUT/wheel-hold-sorted-1m.json" \
        "$OUT/wheel-hold-bounds-checks.json" "$OUT/wheel-hold-run2.json"
}

case "$WHAT" in
    all) build; hold; sorted_1m; bounds_checks; hold run2; probe; profile; table ;;
    hold) build; hold "${2:-}" ;;
    sorted-1m) build; sorted_1m ;;
    bounds-checks) build; bounds_checks ;;
    probe) build; probe ;;
    profile) build; profile ;;
    table) table ;;
    *) echo "usage: $0 [all|hold [suffix]|sorted-1m|bounds-checks|probe|profile|table]" >&2; exit 2 ;;
esac
