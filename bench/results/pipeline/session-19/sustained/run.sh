#!/usr/bin/env bash
# Ten-minute sustained runs, one process each, of the jar in $JAR (default /tmp/b19/benchmarks.jar, a copy of
# bench/target/benchmarks.jar) writing PACKED records (journal.packed=true, the default) or only the compact records of
# format 4 (journal.packed=false). One-minute cycle files, two kept per shard, so the run fits the disk.
# Usage: run.sh OUT ORDER...   e.g. run.sh bench/results/pipeline/session-18/sustained packed compact
set -uo pipefail
OUT=$1; shift
. "$(dirname "$0")/../../jvm-flags.sh"
jar=${JAR:-/tmp/b19/benchmarks.jar}
for v in "$@"; do
  echo "== $v $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) free=$(df -B1G --output=avail /tmp | tail -1)" >> "$OUT/environment.txt"
  rm -rf /tmp/sus
  java "${FLAGS[@]}" -Xmx8g -cp "$jar" $MAIN sustained --models trivial --feed recorded --sustained-seconds 600 \
    --set journal.roll_cycle=minutely,journal.retain_cycles=2,journal.packed=$([ "$v" = compact ] && echo false || echo true) \
    --out "$OUT" --name "sustained-$v-$(date -u +%H%M)" --work /tmp/sus/j > "$OUT/$v-$(date -u +%H%M).log" 2>&1
done
