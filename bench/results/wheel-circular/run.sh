#!/usr/bin/env bash
# Reproduces bench/results/wheel-circular/: the wheel before (b2ceef0, one-span rotation) and after (f97e1cd,
# circular near wheel with far levels), each built from `git archive` of its commit, run one after the other.
# Run from the repository root: bench/results/wheel-circular/run.sh   (about 25 minutes, one core)
set -euo pipefail
OUT=bench/results/wheel-circular
WORK=${WORK:-/tmp/concurrengine-wheel-circular}
F="--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
--add-opens=java.base/java.nio=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
for v in before:b2ceef0 after:f97e1cd; do
    name=${v%%:*}; commit=${v##*:}
    rm -rf "$WORK/$name" && mkdir -p "$WORK/$name"
    git archive "$commit" | tar -x -C "$WORK/$name"
    (cd "$WORK/$name" && mvn -B -q -o -pl bench -am package -DskipTests)
done
jar() { echo "$WORK/$1/bench/target/benchmarks.jar"; }
{
    for s in rotation hold; do for v in before after; do
        echo "== $v section=$s $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)"
        # shellcheck disable=SC2086
        java $F -Xmx4g -cp "$(jar $v)" io.concurrengine.bench.wheel.WheelStallProbe $s
    done; done
} | tee "$OUT/stall-probe.txt"
{
    for args in "100000 4 20000000" "1000000 4 10000000"; do for v in before after; do
        echo "== $v"
        # shellcheck disable=SC2086
        java $F -Xmx4g -cp "$(jar $v)" "$OUT/FarHold.java" $args
    done; done
} | tee "$OUT/far-hold.txt"
for v in before after; do
    java -jar "$(jar $v)" 'io\.concurrengine\.bench\.wheel\.HoldBenchmark\.eventWheel$' -p distribution=EXPONENTIAL,DENSE \
        -f 1 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ns -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
        | grep -E '^HoldBenchmark|^Benchmark|^# (JMH|VM version|Fork|Warmup|Measurement)' > "$OUT/hold-jmh-$v.txt"
done
