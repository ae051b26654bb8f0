#!/usr/bin/env bash
# Second part: market 500k again (the first process shared the machine with a build in rounds 2-3), and the trivial
# model at 1M with write-behind steps of 256 KiB.
set -euo pipefail
OUT=${OUT:-bench/results/pipeline/paced-unsaturated}
JAR=${JAR:-bench/target/benchmarks.jar}
FLAGS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
run() {
    local name=$1 model=$2 rate=$3; shift 3
    echo "== $name $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)" >> "$OUT/environment.txt"
    java "${FLAGS[@]}" -cp "$JAR" io.concurrengine.bench.pipeline.PipelineBenchmark paced --out "$OUT" --name "$name" \
        --work "${TMPDIR:-/tmp}/concurrengine-paced-unsaturated" --pipelines disruptor --models "$model" \
        --journal on,off --rates "$rate" --paced-seconds 20 --rounds 3 --warmup-seconds 3 --hgrm false "$@" 2>&1 \
        | grep --line-buffered '^paced' | sed "s/^/$name /" | tee -a "$OUT/paced.txt"
}
run paced-market-500k-b market 500000
run paced-trivial-1M-wb256k trivial 1000000 --write-behind-bytes 262144
