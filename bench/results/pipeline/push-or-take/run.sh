#!/usr/bin/env bash
# A/B of pushOrTake: burst, journaled, market and trivial, base (ca04b37) vs new (14e0173), alternating processes
# Rounds 3-5 (trivial model only): the same loop with "for round in 3 4 5" and "--models trivial".
set -uo pipefail
OUT=${OUT:-bench/results/pipeline/push-or-take}
FLAGS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
for round in 1 2; do
  for v in base new; do
    [ $v = base ] && JAR=${BASE:?jar of ca04b37} || JAR=${NEW:?jar of 14e0173}
    echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/environment.txt
    java "${FLAGS[@]}" -cp $JAR io.concurrengine.bench.pipeline.PipelineBenchmark burst --out $OUT --name "burst-$v-$round" \
      --work ${TMPDIR:-/tmp}/concurrengine-push-or-take --pipelines disruptor --models market,trivial --journal on,off --seconds 15 --rounds 1 \
      --warmup-seconds 3 --feed-only-seconds 0 --hgrm false 2>&1 | grep --line-buffered '^burst' | sed "s/^/$v round=$round /" | tee -a $OUT/burst.txt
  done
done
