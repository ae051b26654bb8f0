#!/usr/bin/env bash
# After measure2.sh: journaled and unjournaled 20 s bursts of the Disruptor pipeline, each in its own process
# (so that neither configuration's JIT profile shapes the other's code), alternating, 3 rounds.
set -uo pipefail
cd /work/main
while pgrep -f 'measure2?\.sh' > /dev/null; do sleep 5; done
OUT=bench/results/pipeline/session-28/burst-alone
mkdir -p $OUT
echo "== burst-alone $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s28/COMMIT)" >> bench/results/pipeline/session-28/environment.txt
ARGS_on="--journal on" ARGS_off="--journal off" OUT=$OUT ROUNDS=3 VARIANTS="on=/tmp/s28/benchmarks.jar off=/tmp/s28/benchmarks.jar" \
  WORK=/tmp/s28w bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded --seconds 20 \
  --feed-only-seconds 0 > /tmp/s28/measure3.out 2>&1
echo "== done3 $(date -u +%FT%TZ)" >> bench/results/pipeline/session-28/environment.txt
