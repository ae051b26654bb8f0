#!/usr/bin/env bash
# Session 29: the ten-minute sustained runs of ../session-23/sustained/run.sh with batch coalescing on
# (engine.min_batch=256, engine.max_batch_delay 50 µs), journaled then unjournaled, one process.
# Usage: JAR=benchmarks.jar sustained.sh OUT
set -uo pipefail
OUT=$1
. "$(dirname "$0")/../jvm-flags.sh"
jar=${JAR:?JAR=benchmarks.jar}
mkdir -p "$OUT"
stamp=$(date -u +%H%M)
echo "== $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) free=$(df -B1G --output=avail /tmp | tail -1)" >> "$OUT/environment.txt"
rm -rf /tmp/sus
java "${FLAGS[@]}" -Xmx8g -cp "$jar" $MAIN sustained --models trivial --feed recorded --sustained-seconds 600 \
  --journal on,off --set journal.roll_cycle=minutely,journal.retain_cycles=2,engine.min_batch=256 \
  --out "$OUT" --name "sustained-$stamp" --work /tmp/sus/j > "$OUT/sustained-$stamp.log" 2>&1
