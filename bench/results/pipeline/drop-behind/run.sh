#!/usr/bin/env bash
# Journal write-behind dropping its written pages from the page cache (journal.drop_written_pages) or keeping them:
# journaled burst, trivial model, recorded feed, alternating processes, order reversed each round.
# JAR: benchmarks.jar of the commit under test. Run from the repository root.
set -uo pipefail
OUT=${OUT:-bench/results/pipeline/drop-behind}
WORK=${WORK:-/tmp/concurrengine-drop-behind}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
. "$(dirname "$0")/../jvm-flags.sh"
for round in $(seq 1 "$ROUNDS"); do
  [ $((round % 2)) = 1 ] && order="drop keep" || order="keep drop"
  for v in $order; do
    [ $v = drop ] && value=true || value=false
    echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) $(grep -E '^(MemFree|Cached):' /proc/meminfo | tr -s ' ' | tr '\n' ' ')" >> "$OUT/environment.txt"
    rm -rf "$WORK/j"
    java "${FLAGS[@]}" -Xmx8g -cp "$JAR" $MAIN burst --out "$OUT" --name "$v-$round" --work "$WORK/j" \
      --pipelines disruptor --models trivial --journal on --feed recorded --seconds "$SECONDS_PER_RUN" --rounds 1 \
      --warmup-seconds 3 --feed-only-seconds 0 --hgrm false --set journal.drop_written_pages=$value 2>&1 \
      | grep --line-buffered '^burst' | sed "s/^/$v round=$round /" | tee -a "$OUT/burst.txt"
  done
done
