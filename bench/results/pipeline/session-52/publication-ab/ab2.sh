#!/bin/bash
# Alternating coalescing bursts, rounds 4-6: the jar before session 52 (base: a clone at 2fe6d0ff) against
# main at f2c28fe0 (head2: after the one claim loop of 5bc66f7e and the rest of the session), in session 51's
# form; each clone built with `mvn -B -q -o package -DskipTests`.
set -u
cd /tmp/s52/ab
. /work/main/bench/results/pipeline/jvm-flags.sh
for r in 4 5 6; do
  for v in base head2; do
    rm -rf work && mkdir work
    java "${FLAGS[@]}" -Xmx8g -cp $v/bench/target/benchmarks.jar $MAIN burst --pipelines disruptor --models trivial \
      --feed recorded --seconds 10 --rounds 1 --journal on,off --set engine.min_batch=256 --publish-batch 64 \
      --out out --name $v-r$r --work work --hgrm false --feed-only-seconds 0 > log-$v-r$r.txt 2>&1
    echo "$v r$r exit $?"
  done
done
