#!/usr/bin/env bash
# Session 38: more rounds of the paced target, in session 36's form (journaled and unjournaled in alternating
# processes, order reversed every other round, 30 s paced at 1 M inputs/s after the harness's 3 s warm-up), with the
# jar of measure.sh. Disruptor pipeline, trivial model. Nothing else runs. Run from the repository root.
set -uo pipefail
OUT=bench/results/pipeline/session-38/paced-rounds
jar=/tmp/s38m/benchmarks.jar
ARGS_on="--journal on" ARGS_off="--journal off" OUT=$OUT ROUNDS=4 VARIANTS="on=$jar off=$jar" WORK=/tmp/s38w-paced \
  bench/results/pipeline/ab.sh paced --pipelines disruptor --models trivial --rates 1M --paced-seconds 30 --rounds 1
rm -rf /tmp/s38w-paced
