#!/usr/bin/env bash
# Session 46: what publishing in batches (Engine.publish(InputBatch), `--publish-batch 64`: the recorded feed's
# 64-input clock stride as one call) does to the journaled pipeline, with batch coalescing (engine.min_batch = 256) as
# in sessions 29-44. Jars: /tmp/s46/base.jar (main at cc2c75b, before the batch API) and /tmp/s46/new.jar (main with
# it, bench/target/benchmarks.jar of the commit in /tmp/s46/COMMIT). Nothing else runs meanwhile. Run from the
# repository root.
#   bursts:    15 s bursts, journaled and unjournaled in each process, base per-input against new with batches of 64,
#              in alternating processes, 3 rounds (order reversed every round); then new per-input against base
#              per-input, 2 rounds (the per-input path after the change).
#   sustained: ten minutes journaled, then ten minutes unjournaled, one process, batches of 64 (../session-29's form).
set -uo pipefail
OUT=bench/results/pipeline/session-46
. bench/results/pipeline/jvm-flags.sh
env() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc) commit=$(cat /tmp/s46/COMMIT)" >> "$OUT/environment.txt"; }
burst() { # name jar [batch]: base.jar has no --publish-batch (it publishes each input on its own)
    java "${FLAGS[@]}" -Xmx8g -cp "$2" $MAIN burst --pipelines disruptor --models trivial --feed recorded --seconds 15 \
        --rounds 1 --journal on,off --set engine.min_batch=256 ${3:+--publish-batch $3} --out $OUT/bursts --name "$1" \
        --work /tmp/s46/w --hgrm false --feed-only-seconds 0 > $OUT/bursts/$1.log 2>&1
}
while pgrep -f plexus-classworlds > /dev/null; do sleep 5; done # no Maven build alongside
mkdir -p $OUT/bursts $OUT/sustained
env bursts
for r in 1 2 3; do
    if [ $((r % 2)) = 1 ]; then burst base-r$r /tmp/s46/base.jar; burst batch64-r$r /tmp/s46/new.jar 64
    else burst batch64-r$r /tmp/s46/new.jar 64; burst base-r$r /tmp/s46/base.jar; fi
done
for r in 1 2; do
    if [ $((r % 2)) = 1 ]; then burst base2-r$r /tmp/s46/base.jar; burst new1-r$r /tmp/s46/new.jar 1
    else burst new1-r$r /tmp/s46/new.jar 1; burst base2-r$r /tmp/s46/base.jar; fi
done
env sustained
stamp=$(date -u +%H%M)
rm -rf /tmp/sus
java "${FLAGS[@]}" -Xmx8g -cp /tmp/s46/new.jar $MAIN sustained --models trivial --feed recorded --sustained-seconds 600 \
  --journal on,off --set journal.roll_cycle=minutely,journal.retain_cycles=2,engine.min_batch=256 --publish-batch 64 \
  --out $OUT/sustained --name "sustained-$stamp" --work /tmp/sus/j > "$OUT/sustained/sustained-$stamp.log" 2>&1
rm -rf /tmp/sus /tmp/s46/w
env done
