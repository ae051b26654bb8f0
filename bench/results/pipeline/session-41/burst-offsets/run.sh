#!/usr/bin/env bash
# Journaled bursts with batch coalescing, main's jar against the encoder variant with end offsets, alternating
# processes (ab.sh), trivial model, recorded feed, 2 x 20 s each after the harness's warm-up. Run from the repository root.
set -uo pipefail
ARGS_main="--journal on --set engine.min_batch=256" ARGS_offsets="--journal on --set engine.min_batch=256" \
  OUT=bench/results/pipeline/session-41/burst-offsets ROUNDS=${ROUNDS:-3} \
  VARIANTS="main=/tmp/s41/benchmarks.jar offsets=/tmp/s41/benchmarks-offsets.jar" WORK=/tmp/s41w \
  bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded --seconds 20 --feed-only-seconds 0
rm -rf /tmp/s41w
