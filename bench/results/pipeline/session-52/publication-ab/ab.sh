#!/bin/bash
# Alternating coalescing bursts, the jar before session 52 (base: a clone at 2fe6d0ff) against main at 54f8c453 (head:
# the publishers' interrupt handling of 27739af6 and the error handler of 6372a6b7), in session 51's form; each
# clone built with `mvn -B -q -o package -DskipTests`.
set -u
cd /tmp/s52/ab
. /work/main/bench/results/pipeline/jvm-flags.sh
for r in 1 2 3; do
  for v in base head; do
    rm -rf work && mkdir work
    java "${FLAGS[@]}" -Xmx8g -cp $v/bench/target/benchmarks.jar $MAIN burst --pipelines disruptor --models trivial \
      --feed recorded --seconds 10 --rounds 1 --journal on,off --set engine.min_batch=256 --publish-batch 64 \
      --out out --name $v-r$r --work work --hgrm false --feed-only-seconds 0 > log-$v-r$r.txt 2>&1
    echo "$v r$r exit $?"
  done
done
