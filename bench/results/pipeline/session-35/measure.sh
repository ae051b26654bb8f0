#!/usr/bin/env bash
# Session 35: did this session's changes on the shard's path (dispatch-latency clock readings kept until the unit of
# work ends, the shard's idle strategy wrapped to clear interrupts) or in the journal's maintenance thread (pages
# made writable ahead refreshed every 50 ms) cost anything? The benchmarks jar of 870e4da (the session's start, s34) and
# of main (/tmp/s35/head/COMMIT, s35), built from git archive with `mvn -pl bench -am package`, in alternating
# processes: bursts journaled and unjournaled at the defaults, then paced 1 M/s journaled and unjournaled in one
# process per jar. Nothing else runs meanwhile. Run from the repository root.
set -uo pipefail
cd /work/main
OUT=bench/results/pipeline/session-35
old=/tmp/s35/old/bench/target/benchmarks.jar
new=/tmp/s35/head/bench/target/benchmarks.jar
env() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) s34=870e4da s35=$(cat /tmp/s35/head/COMMIT)" >> "$OUT/environment.txt"; }
mkdir -p $OUT/burst $OUT/paced

env burst
ARGS_s34_on="--journal on" ARGS_s34_off="--journal off" ARGS_s35_on="--journal on" ARGS_s35_off="--journal off" \
  OUT=$OUT/burst ROUNDS=2 VARIANTS="s34_on=$old s35_on=$new s34_off=$old s35_off=$new" \
  WORK=/tmp/s35w bench/results/pipeline/ab.sh burst --pipelines disruptor --models trivial --feed recorded \
  --seconds 20 --feed-only-seconds 0 > /tmp/s35/burst.out 2>&1

env paced
OUT=$OUT/paced ROUNDS=3 VARIANTS="s34=$old s35=$new" WORK=/tmp/s35w \
  bench/results/pipeline/ab.sh paced --pipelines disruptor --journal on,off --models trivial --rates 1M \
  --paced-seconds 30 --rounds 1 > /tmp/s35/paced.out 2>&1
echo "== done $(date -u +%FT%TZ)" >> "$OUT/environment.txt"
