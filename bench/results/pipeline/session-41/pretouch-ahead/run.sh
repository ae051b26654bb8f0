#!/usr/bin/env bash
# Journaled bursts with coalescing: the default read-ahead of the pre-toucher (32 MiB, capped at the end of the second
# chunk after the writer's: 8-12 MiB) against journal.pretouch_ahead_bytes = 8 MiB (= the writable window, so every
# page is faulted once, writable, instead of read first), the jar of ../burst-offsets (main plus the encoder change),
# 3 alternating rounds per set; set 2 starts with the other variant. Run from the repository root: run.sh SET FIRST SECOND
set -uo pipefail
jar=/tmp/s41/benchmarks-offsets.jar
ARGS_def="--journal on --set engine.min_batch=256" \
  ARGS_ahead8="--journal on --set engine.min_batch=256,journal.pretouch_ahead_bytes=8388608" \
  OUT=bench/results/pipeline/session-41/pretouch-ahead/set-$1 ROUNDS=3 VARIANTS="$2=$jar $3=$jar" WORK=/tmp/s41w \
  bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded --seconds 20 --feed-only-seconds 0
rm -rf /tmp/s41w
