#!/usr/bin/env bash
# Session 38: the ArrayBlockingQueue baseline re-measured beside the engine, after session 36's changes to it (wheel
# sizing, latency recording when the unit of work ends) and to the harness's paced feed, none of them measured on the
# baseline since. One jar of main (/tmp/s38m/COMMIT, built with `mvn -B -o install -DskipTests` from a clean tree and
# copied to /tmp/s38m/benchmarks.jar). Bursts and paced 1 M/s, each configuration alternating in one process (the
# harness reverses the order every round). Trivial model. Nothing else runs meanwhile. Run from the repository root.
set -uo pipefail
OUT=bench/results/pipeline/session-38
. bench/results/pipeline/jvm-flags.sh
jar=/tmp/s38m/benchmarks.jar
env() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s38m/COMMIT)" >> "$OUT/environment.txt"; }
mkdir -p $OUT/burst-abq $OUT/paced-abq

env burst-abq
rm -rf /tmp/s38w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN burst --pipelines disruptor,abq --journal on,off --models trivial \
  --feed recorded --seconds 20 --rounds 2 --feed-only-seconds 0 --out $OUT/burst-abq --name burst --work /tmp/s38w/j > $OUT/burst-abq/burst.log 2>&1

env paced-abq
rm -rf /tmp/s38w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN paced --pipelines disruptor,abq --journal on,off --models trivial \
  --rates 1M --paced-seconds 20 --rounds 2 --out $OUT/paced-abq --name paced --work /tmp/s38w/j > $OUT/paced-abq/paced.log 2>&1
rm -rf /tmp/s38w
env done
