#!/usr/bin/env bash
# After paced-ab.sh: measure.sh's in-process paced set (journal on and off, 3 rounds of 30 s in one process) twice
# more with session 34's jar, to see whether its falling ratio (2.13x, 1.46x, 1.21x) repeats; every set is reported.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-34/paced-again
. bench/results/pipeline/jvm-flags.sh
mkdir -p $OUT
for set in 1 2; do
  echo "== paced-again $set $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s34/COMMIT)" >> $OUT/environment.txt
  rm -rf /tmp/s34w; java "${FLAGS[@]}" -Xmx8g -cp /tmp/s34/benchmarks.jar $MAIN paced --pipelines disruptor --journal on,off \
    --models trivial --rates 1M --paced-seconds 30 --rounds 3 --out $OUT --name paced-$set --work /tmp/s34w/j > $OUT/paced-$set.log 2>&1
done
echo "== done $(date -u +%FT%TZ)" >> $OUT/environment.txt
