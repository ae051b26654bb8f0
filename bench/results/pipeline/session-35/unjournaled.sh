#!/usr/bin/env bash
# Session 35: measure.sh's unjournaled bursts had 870e4da in the fast mode in 3 of 4 runs and main in none; a second
# set of unjournaled bursts at the defaults, the two jars in alternating processes, three rounds. Run from the root.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-35/unjournaled
mkdir -p $OUT
echo "== unjournaled $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) s35=$(cat /tmp/s35/head/COMMIT)" >> bench/results/pipeline/session-35/environment.txt
OUT=$OUT ROUNDS=3 WORK=/tmp/s35w \
  VARIANTS="s34=/tmp/s35/old/bench/target/benchmarks.jar s35=/tmp/s35/head/bench/target/benchmarks.jar" \
  bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded --journal off \
  --seconds 20 --feed-only-seconds 0 > /tmp/s35/unjournaled.out 2>&1
echo "== unjournaled done $(date -u +%FT%TZ)" >> bench/results/pipeline/session-35/environment.txt
