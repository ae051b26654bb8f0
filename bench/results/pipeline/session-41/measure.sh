#!/usr/bin/env bash
# Session 41's re-measurement of the targets still open, on a host that no longer charges the first user access of a
# populated page (probe/), with one jar of main (bench/target/benchmarks.jar of a fresh clone at the commit in
# /tmp/s41/COMMIT, built by `mvn -B verify`, copied to /tmp/s41/benchmarks.jar), in session 34's forms: bursts with
# batch coalescing on both sides in alternating processes, the ten-minute sustained runs with coalescing, paced 1 M/s
# in alternating processes (session 38's form), the journal JMH, then bursts at the defaults. Nothing else runs
# meanwhile. Run from the repository root.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-41
. bench/results/pipeline/jvm-flags.sh
jar=/tmp/s41/benchmarks.jar
env() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s41/COMMIT)" >> "$OUT/environment.txt"; }
mkdir -p $OUT/burst-coalescing $OUT/sustained $OUT/paced-rounds $OUT/jmh $OUT/burst-alone

env burst-coalescing
ARGS_on="--journal on --set engine.min_batch=256" ARGS_off="--journal off --set engine.min_batch=256" \
  OUT=$OUT/burst-coalescing ROUNDS=3 VARIANTS="on=$jar off=$jar" \
  WORK=/tmp/s41w bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded \
  --seconds 20 --feed-only-seconds 0 > /tmp/s41/burst-coalescing.out 2>&1

env sustained
JAR=$jar bash bench/results/pipeline/session-29/sustained.sh $OUT/sustained

env paced-rounds
ARGS_on="--journal on" ARGS_off="--journal off" OUT=$OUT/paced-rounds ROUNDS=4 VARIANTS="on=$jar off=$jar" \
  WORK=/tmp/s41w bench/results/pipeline/ab.sh paced --pipelines disruptor --models trivial --rates 1M \
  --paced-seconds 30 --rounds 1 > /tmp/s41/paced-rounds.out 2>&1

env jmh
java -jar $jar 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.(chronicleWritingDocument64Bytes|journalInputDispatchedAtOnce)$' \
  -p flushEvery=0 -p pretouchRead=false -p packed=true -f 3 -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
  -rf json -rff $OUT/jmh/jmh.json > $OUT/jmh/jmh.txt 2>&1

env burst-alone
ARGS_on="--journal on" ARGS_off="--journal off" OUT=$OUT/burst-alone ROUNDS=3 VARIANTS="on=$jar off=$jar" \
  WORK=/tmp/s41w bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded \
  --seconds 20 --feed-only-seconds 0 > /tmp/s41/burst-alone.out 2>&1
rm -rf /tmp/s41w
env done
