#!/usr/bin/env bash
# How the journal maintenance thread faults in the pages ahead of the writer, A/B in alternating processes:
#   cas       a volatile read per far page, a compareAndSwapLong(0, 0) per page in the writable window, MADV_RANDOM
#             (the way of b713fa9; here forced with -Dconcurrengine.journal.populate_write=false)
#   populate  one madvise(MADV_POPULATE_READ / MADV_POPULATE_WRITE) per range instead, MADV_RANDOM kept
#   populate-ra  the same without MADV_RANDOM (-Dconcurrengine.journal.readahead=true)
# Journaled burst, trivial model, recorded feed. JAR: benchmarks.jar of the commit under test; run from the repo root.
set -uo pipefail
OUT=${OUT:-bench/results/pipeline/populate}
WORK=${WORK:-/tmp/concurrengine-populate}
ROUNDS=${ROUNDS:-2}
VARIANTS=${VARIANTS:-"cas populate populate-ra"}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
. "$(dirname "$0")/../jvm-flags.sh"
for round in $(seq 1 "$ROUNDS"); do
  order=$VARIANTS
  [ $((round % 2)) = 0 ] && order=$(echo $VARIANTS | tr ' ' '\n' | tac | tr '\n' ' ')
  for v in $order; do
    case $v in
      cas) props=(-Dconcurrengine.journal.populate_write=false) ;;
      populate) props=() ;;
      populate-ra) props=(-Dconcurrengine.journal.readahead=true) ;;
    esac
    echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)" >> "$OUT/environment.txt"
    rm -rf "$WORK/j"
    java "${FLAGS[@]}" "${props[@]}" -Xmx8g -cp "$JAR" $MAIN burst --out "$OUT" --name "$v-$round" --work "$WORK/j" \
      --pipelines disruptor --models trivial --journal on --feed recorded --seconds "$SECONDS_PER_RUN" --rounds 1 \
      --warmup-seconds 3 --feed-only-seconds 0 --hgrm false ${EXTRA:-} 2>&1 \
      | grep --line-buffered '^burst' | sed "s/^/$v round=$round /" | tee -a "$OUT/burst.txt"
  done
done
