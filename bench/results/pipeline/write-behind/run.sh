#!/usr/bin/env bash
# A/B of the write-behind change: bench jar before (cb1b933: 64 MiB chunks, msync write-behind, CAS pre-touch) and
# after (8c9ae80: 4 MiB chunks, sync_file_range of unmapped chunks, read pre-touch). Paced 1 M inputs/s, trivial and
# market models, journal on and off alternating inside each process (2 rounds of 40 s: long enough for the kernel's
# 30 s write-back expiry), TLB shootdowns counted from /proc/interrupts per process. About 12 minutes.
# BEFORE=... AFTER=... bench/results/pipeline/write-behind/run.sh
set -euo pipefail
OUT=${OUT:-bench/results/pipeline/write-behind}
FLAGS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
tlb() { awk '/TLB/ {s=0; for (i=2;i<=NF;i++) if ($i ~ /^[0-9]+$/) s+=$i; print s}' /proc/interrupts; }
run() {
    local version=$1 model=$2 jar
    [ "$version" = before ] && jar=$BEFORE || jar=$AFTER
    local a; a=$(tlb)
    echo "== $version $model $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)" >> "$OUT/environment.txt"
    java "${FLAGS[@]}" -cp "$jar" io.concurrengine.bench.pipeline.PipelineBenchmark paced --out "$OUT" \
        --name "wb-$version-$model" --work "${TMPDIR:-/tmp}/concurrengine-write-behind" --pipelines disruptor \
        --models "$model" --journal on,off --rates 1000000 --paced-seconds 40 --rounds 2 --warmup-seconds 3 \
        --hgrm false 2>&1 | grep --line-buffered '^paced' | sed "s/^/version=$version /" | tee -a "$OUT/paced.txt"
    echo "version=$version model=$model tlbShootdowns=$(( $(tlb) - a ))" | tee -a "$OUT/paced.txt"
}
run before trivial
run after trivial
run after market
run before market
