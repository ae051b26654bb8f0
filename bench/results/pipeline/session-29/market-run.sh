#!/usr/bin/env bash
# The README's main job (concurrengine run: market model, 2 shards, journaled, 10 M inputs at max rate) with and
# without batch coalescing, alternating processes. Usage: JAR=concurrengine.jar market-run.sh OUT ROUNDS
set -uo pipefail
OUT=$1
ROUNDS=${2:-3}
jar=${JAR:?JAR=concurrengine.jar}
mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for variant in 1 256; do
    echo "== min_batch=$variant round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment.txt"
    rm -rf /tmp/s29-market
    CONCURRENGINE_ENGINE_MIN_BATCH=$variant CONCURRENGINE_RUN_PROGRESS=false java -jar "$jar" run \
      --journal /tmp/s29-market --json > "$OUT/min$variant-$round.json" 2> "$OUT/min$variant-$round.err"
  done
done
rm -rf /tmp/s29-market
