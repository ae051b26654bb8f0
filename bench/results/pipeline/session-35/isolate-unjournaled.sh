#!/usr/bin/env bash
# Session 35: isolate.sh for unjournaled bursts, after unjournaled.sh had main in the slow mode in 9 of 10 runs and
# 870e4da in 3 of 10.
# Four jars in alternating processes, unjournaled bursts at the defaults: s34 (870e4da), s35 (main), noidle (main with
# the shard runner's plain idle strategy instead of ShardIdleStrategy), nomarks (main recording dispatch latency at
# each 16th input as before, instead of keeping the clock readings until the unit of work ends). Run from the root.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-35/isolate-unjournaled
mkdir -p $OUT
echo "== isolate-unjournaled $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) s35=$(cat /tmp/s35/head/COMMIT)" >> bench/results/pipeline/session-35/environment.txt
OUT=$OUT ROUNDS=${ROUNDS:-2} WORK=/tmp/s35w \
  VARIANTS="s34=/tmp/s35/old/bench/target/benchmarks.jar s35=/tmp/s35/head/bench/target/benchmarks.jar noidle=/tmp/s35/v-noidle/bench/target/benchmarks.jar nomarks=/tmp/s35/v-nomarks/bench/target/benchmarks.jar" \
  bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded --journal off \
  --seconds 20 --feed-only-seconds 0 > /tmp/s35/isolate-unj.out 2>&1
echo "== isolate-unjournaled done $(date -u +%FT%TZ)" >> bench/results/pipeline/session-35/environment.txt
