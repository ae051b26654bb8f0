#!/usr/bin/env bash
# Session 28's re-measurement of every target row with the jar of main at the session's start.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-28
. bench/results/pipeline/jvm-flags.sh
jar=/tmp/s28/benchmarks.jar
env() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s28/COMMIT)" >> "$OUT/environment.txt"; }
mkdir -p $OUT/burst $OUT/paced $OUT/replay $OUT/sustained $OUT/jmh
env burst
rm -rf /tmp/s28w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN burst --pipelines disruptor,abq --journal on,off --models trivial \
  --feed recorded --seconds 20 --rounds 2 --feed-only-seconds 0 --out $OUT/burst --name burst --work /tmp/s28w/j > $OUT/burst/burst.log 2>&1
env paced
rm -rf /tmp/s28w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN paced --pipelines disruptor,abq --journal on,off --models trivial \
  --rates 1M --paced-seconds 30 --rounds 2 --out $OUT/paced --name paced --work /tmp/s28w/j > $OUT/paced/paced.log 2>&1
env replay
rm -rf /tmp/s28w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN replay --pipelines disruptor --journal on --models trivial \
  --feed recorded --seconds 20 --rounds 2 --out $OUT/replay --name replay --work /tmp/s28w/j > $OUT/replay/replay.log 2>&1
env jmh
java -jar $jar 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.(chronicleWritingDocument64Bytes|journalInputDispatchedAtOnce)$' \
  -p flushEvery=0 -p pretouchRead=false -p packed=true -f 3 -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
  -rf json -rff $OUT/jmh/jmh.json > $OUT/jmh/jmh.txt 2>&1
env sustained
JAR=$jar bash bench/results/pipeline/session-23/sustained/run.sh $OUT/sustained 1
env done
