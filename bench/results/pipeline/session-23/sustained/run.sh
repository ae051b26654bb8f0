#!/usr/bin/env bash
# Ten-minute sustained runs, one process each, of the jar in $JAR (default /tmp/s23/benchmarks.jar, a copy of
# bench/target/benchmarks.jar): the journaled run between two disk probes, then (--journal on,off, the default) as
# long a run of the same pipeline without its journal. One-minute cycle files, two kept per shard, so the run fits
# the disk. Usage: run.sh OUT COUNT   e.g. run.sh bench/results/pipeline/session-23/sustained 2
set -uo pipefail
OUT=$1
COUNT=${2:-1}
. "$(dirname "$0")/../../jvm-flags.sh"
jar=${JAR:-/tmp/s23/benchmarks.jar}
for i in $(seq 1 "$COUNT"); do
  stamp=$(date -u +%H%M)
  echo "== $i $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) free=$(df -B1G --output=avail /tmp | tail -1)" >> "$OUT/environment.txt"
  rm -rf /tmp/sus
  java "${FLAGS[@]}" -Xmx8g -cp "$jar" $MAIN sustained --models trivial --feed recorded --sustained-seconds 600 \
    --journal on,off --set journal.roll_cycle=minutely,journal.retain_cycles=2 \
    --out "$OUT" --name "sustained-$stamp" --work /tmp/sus/j > "$OUT/sustained-$stamp.log" 2>&1
done
