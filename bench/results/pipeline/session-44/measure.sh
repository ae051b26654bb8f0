#!/usr/bin/env bash
# Session 44's re-measurement of the targets session 43 left unmeasured (sustained, paced 1 M/s, the journal's JMH),
# with one jar of main's code (bench/target/benchmarks.jar built by `mvn -B verify` from a fresh clone at the commit in
# /tmp/s44/COMMIT; main's production code has not changed since), in session 41's forms (../session-41/measure.sh):
# the ten-minute sustained runs with batch coalescing, paced 1 M/s in alternating processes, then the journal JMH.
# Nothing else runs meanwhile. Run from the repository root.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-44
. bench/results/pipeline/jvm-flags.sh
jar=/tmp/s44/benchmarks.jar
env() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s44/COMMIT)" >> "$OUT/environment.txt"; }
mkdir -p $OUT/sustained $OUT/paced-rounds $OUT/jmh

env sustained
JAR=$jar bash bench/results/pipeline/session-29/sustained.sh $OUT/sustained

env paced-rounds
ARGS_on="--journal on" ARGS_off="--journal off" OUT=$OUT/paced-rounds ROUNDS=4 VARIANTS="on=$jar off=$jar" \
  WORK=/tmp/s44w bench/results/pipeline/ab.sh paced --pipelines disruptor --models trivial --rates 1M \
  --paced-seconds 30 --rounds 1 > /tmp/s44/paced-rounds.out 2>&1

env jmh
java -jar $jar 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.(chronicleWritingDocument64Bytes|journalInputDispatchedAtOnce)$' \
  -p flushEvery=0 -p pretouchRead=false -p packed=true -f 3 -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
  -rf json -rff $OUT/jmh/jmh.json > $OUT/jmh/jmh.txt 2>&1
rm -rf /tmp/s44w
env done
