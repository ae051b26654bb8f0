#!/usr/bin/env bash
# After measure.sh: paced 1 M/s with the Disruptor pipeline alone in the process (as session 22 measured it), 3 rounds.
set -uo pipefail
cd /work/main
while pgrep -f measure.sh > /dev/null; do sleep 5; done
OUT=bench/results/pipeline/session-28
. bench/results/pipeline/jvm-flags.sh
jar=/tmp/s28/benchmarks.jar
mkdir -p $OUT/paced-alone
echo "== paced-alone $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s28/COMMIT)" >> "$OUT/environment.txt"
rm -rf /tmp/s28w; java "${FLAGS[@]}" -Xmx8g -cp $jar $MAIN paced --pipelines disruptor --journal on,off --models trivial \
  --rates 1M --paced-seconds 30 --rounds 3 --out $OUT/paced-alone --name paced --work /tmp/s28w/j > $OUT/paced-alone/paced.log 2>&1
echo "== done2 $(date -u +%FT%TZ)" >> "$OUT/environment.txt"
