#!/usr/bin/env bash
# Ten-minute sustained runs, one process each, flat ring (HEAD) and the object ring (HEAD with b53fbe0 reverted),
# one-minute cycle files with two kept per shard so the run fits the disk. Jars built beforehand:
#   /tmp/flat3.jar (42d2356), /tmp/base2.jar (42d2356 + revert of b53fbe0), /tmp/mask.jar (d3031d4), /tmp/head.jar (456b34c).
# Usage: run.sh OUT ORDER...   e.g. run.sh bench/results/pipeline/session-17/sustained flat base
set -uo pipefail
OUT=$1; shift
. "$(dirname "$0")/../../jvm-flags.sh"
for v in "$@"; do
  jar=/tmp/flat3.jar; [ "$v" = base ] && jar=/tmp/base2.jar; [ "$v" = mask ] && jar=/tmp/mask.jar; [ "$v" = head ] && jar=/tmp/head.jar
  echo "== $v $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) free=$(df -B1G --output=avail /tmp | tail -1)" >> "$OUT/environment.txt"
  rm -rf /tmp/sus
  java "${FLAGS[@]}" -Xmx8g -cp "$jar" $MAIN sustained --models trivial --feed recorded --sustained-seconds 600 \
    --set journal.roll_cycle=minutely,journal.retain_cycles=2 --out "$OUT" --name "sustained-$v-$(date -u +%H%M)" \
    --work /tmp/sus/j > "$OUT/$v-$(date -u +%H%M).log" 2>&1
done
