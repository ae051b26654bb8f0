#!/usr/bin/env bash
# After measure.sh: is session 34's lower journaled paced tail the code or the hour? The paced 1 M/s runs of
# measure.sh (journal on and off in one process, 3 rounds of 30 s) with session 29's jar (f32d45d, which measured
# paced-final there) and session 34's (/tmp/s34/benchmarks.jar) in alternating processes, 3 rounds each.
set -uo pipefail
cd /work/main
while pgrep -f 'session-34/measure\.sh' > /dev/null; do sleep 5; done
OUT=bench/results/pipeline/session-34/paced-ab
mkdir -p $OUT
echo "== paced-ab $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) s29=f32d45d s34=$(cat /tmp/s34/COMMIT)" >> $OUT/environment.txt
OUT=$OUT ROUNDS=3 VARIANTS="s29=/tmp/s29/benchmarks.jar s34=/tmp/s34/benchmarks.jar" WORK=/tmp/s34w \
  bench/results/pipeline/ab.sh paced --pipelines disruptor --journal on,off --models trivial --rates 1M \
  --paced-seconds 30 --rounds 1 > /tmp/s34/paced-ab.out 2>&1
echo "== done $(date -u +%FT%TZ)" >> $OUT/environment.txt
