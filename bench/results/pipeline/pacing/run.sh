#!/usr/bin/env bash
# Paced 1 M inputs/s, journal on and off, with the feed parking (default) or spinning between inputs; two processes
# of each, alternating park, spin, park, spin. Run from the repository root after building the bench jar:
#   mvn -B -q -pl bench -am package -DskipTests && bench/results/pipeline/pacing/run.sh   (about 6 minutes)
set -euo pipefail
OUT=bench/results/pipeline/pacing
JAR=${JAR:-bench/target/benchmarks.jar}
FLAGS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
: > "$OUT/environment.txt"
for round in 1 2; do
    for pacing in park spin; do
        echo "== $pacing round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)" >> "$OUT/environment.txt"
        java "${FLAGS[@]}" -cp "$JAR" io.concurrengine.bench.pipeline.PipelineBenchmark paced --out "$OUT" \
            --name "paced-$pacing-r$round" --work "${TMPDIR:-/tmp}/concurrengine-pacing" --pipelines disruptor \
            --journal on,off --rates 1M --paced-seconds 15 --rounds 1 --pacing "$pacing" --hgrm false 2>&1 \
            | grep '^paced' | sed "s/^/pacing=$pacing round=$round /" | tee -a "$OUT/paced.txt"
    done
done
