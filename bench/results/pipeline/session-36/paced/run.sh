#!/usr/bin/env bash
# Session 36: paced 1 M inputs/s, journaled against unjournaled, with the harness fixed this session (a paced feed
# sends every input due before its end; the engine unchanged on its running path). The benchmarks jar of main
# (/tmp/s36/MAIN_COMMIT, built with `mvn -pl bench -am package`), journaled and unjournaled in alternating processes,
# three rounds, 30 s paced each after the harness's 3 s warm-up. Trivial model, 2 shards, parked feed. Nothing else
# runs. Run from the repository root.
set -uo pipefail
OUT=bench/results/pipeline/session-36/paced
jar=/tmp/s36/main-benchmarks.jar
ARGS_on="--journal on" ARGS_off="--journal off" OUT=$OUT ROUNDS=3 VARIANTS="on=$jar off=$jar" WORK=/tmp/s36w-paced \
  bench/results/pipeline/ab.sh paced --pipelines disruptor --models trivial --rates 1M --paced-seconds 30 --rounds 1
