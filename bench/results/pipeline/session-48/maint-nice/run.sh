#!/usr/bin/env bash
# Session 48: paced 1 M/s, journaled with the journal maintenance threads at the default priority ("on"), journaled
# with them reniced to 19 by renice-watch.sh ("nice"), and unjournaled ("off"), in alternating processes (../../ab.sh),
# trivial model, the engine's defaults. One jar (/tmp/s48/benchmarks.jar, a copy of bench/target/benchmarks.jar made
# when main was at the commit in /tmp/s48/COMMIT). Nothing else runs meanwhile. Run from the repository root.
set -uo pipefail
OUT=bench/results/pipeline/session-48/maint-nice
jar=/tmp/s48/benchmarks.jar
ROUNDS=${ROUNDS:-4}
echo "== start $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s48/COMMIT)" >> "$OUT/environment.txt"
MARKER=-Dab.maint=nice LOG=$OUT/reniced.txt POLICY=${POLICY:-nice} bash "$OUT/renice-watch.sh" &
watcher=$!
trap 'kill $watcher' EXIT
ARGS_on="--journal on" ARGS_nice="--journal on" ARGS_off="--journal off" OUT=$OUT ROUNDS=$ROUNDS \
  VARIANTS="on=$jar nice=$jar:-Dab.maint=nice off=$jar" WORK=/tmp/s48w \
  bench/results/pipeline/ab.sh paced --pipelines disruptor --models trivial --rates 1M --paced-seconds 30 --rounds 1
echo "== done $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment.txt"
