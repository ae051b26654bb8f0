#!/usr/bin/env bash
# Session 34's re-measurement of every target row with one jar of main (git archive of the commit in
# /tmp/s34/COMMIT, built with `mvn -pl bench -am package`, copied to /tmp/s34/benchmarks.jar), in the forms session 28
# and 29 measured them: bursts in alternating processes (defaults, then batch coalescing on both sides), paced 1 M/s
# journaled and unjournaled in one process, the ABQ baseline, replay, the journal JMH, and the ten-minute sustained
# runs with coalescing. Nothing else runs meanwhile. Run from the repository root.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-34
. bench/results/pipeline/jvm-flags.sh
jar=/tmp/s34/benchmarks.jar
env() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s34/COMMIT)" >> "$OUT/environment.txt"; }
mkdir -p $OUT/burst-alone $OUT/burst-coalescing $OUT/paced-alone $OUT/burst-abq $OUT/replay $OUT/jmh $OUT/sustained

env burst-alone
ARGS_on="--journal on" ARGS_off="--journal off" OUT=$OUT/burst-alone ROUNDS=3 VARIANTS="on=$jar off=$jar" \
  WORK=/tmp/s34w bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded \
  --seconds 20 --feed-only-seconds 0 > /tmp/s34/burst-alone.out 2>&1

env burst-coalescing
ARGS_on="--journal on --set engine.min_batch=256" ARGS_off="--journal off --set engine.min_batch=256" \
  OUT=$OUT/burst-coalescing ROUNDS=3 VARIANTS="on=$jar off=$jar" \
  WORK=/tmp/s34w bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded \
  --seconds 20 --feed-only-seconds 0 > /tmp/s34/burst-coalescing.out 2>&1

env paced-alone
rm -rf /tmp/s34w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN paced --pipelines disruptor --journal on,off --models trivial \
  --rates 1M --paced-seconds 30 --rounds 3 --out $OUT/paced-alone --name paced --work /tmp/s34w/j > $OUT/paced-alone/paced.log 2>&1

env burst-abq
rm -rf /tmp/s34w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN burst --pipelines disruptor,abq --journal on,off --models trivial \
  --feed recorded --seconds 20 --rounds 2 --feed-only-seconds 0 --out $OUT/burst-abq --name burst --work /tmp/s34w/j > $OUT/burst-abq/burst.log 2>&1

env replay
rm -rf /tmp/s34w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN replay --pipelines disruptor --journal on --models trivial \
  --feed recorded --seconds 20 --rounds 2 --out $OUT/replay --name replay --work /tmp/s34w/j > $OUT/replay/replay.log 2>&1

env jmh
java -jar $jar 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.(chronicleWritingDocument64Bytes|journalInputDispatchedAtOnce)$' \
  -p flushEvery=0 -p pretouchRead=false -p packed=true -f 3 -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
  -rf json -rff $OUT/jmh/jmh.json > $OUT/jmh/jmh.txt 2>&1
rm -rf /tmp/s34w

env sustained
JAR=$jar bash bench/results/pipeline/session-29/sustained.sh $OUT/sustained
env done
