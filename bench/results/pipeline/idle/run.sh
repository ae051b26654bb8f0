#!/usr/bin/env bash
# A/B of the idle change: the bench jar at b9b6702 (before) and at 1986b9a (after), paced 1M inputs/s, journal on and off,
# alternating before/after for 3 rounds (about 6 minutes). Build the two jars first (git archive of each commit,
# mvn -B -q -o -pl bench -am package -DskipTests) and pass them as BEFORE=... AFTER=...
set -euo pipefail
OUT=bench/results/pipeline/idle
FLAGS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
for round in 1 2 3; do
    for v in before after; do
        [ $v = before ] && JAR=$BEFORE || JAR=$AFTER
        echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment.txt"
        java "${FLAGS[@]}" -cp "$JAR" io.concurrengine.bench.pipeline.PipelineBenchmark paced --out "$OUT" \
            --name "idle-$v-r$round" --work /tmp/concurrengine-idle-ab --pipelines disruptor \
            --journal on,off --rates 1M --paced-seconds 20 --rounds 1 --warmup-seconds 3 --hgrm false 2>&1 \
            | grep '^paced' | sed "s/^/version=$v round=$round /" | tee -a "$OUT/paced.txt"
    done
done
