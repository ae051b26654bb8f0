#!/usr/bin/env bash
# Session of 2026-12-02: the shard's per-input costs (latency recording, write faults, journal v3) and the recorded
# feed. Run from the repository root with BASE and NEW pointing at benchmarks.jar built from the two commits
# (git archive + mvn -q -o -pl bench -am package -DskipTests). Steps: ab | headline | paced | paced-trivial | jmh | sustained; ab, headline, paced and jmh by default.
set -uo pipefail
OUT=${OUT:-bench/results/pipeline/shard-path}
WORK=${WORK:-/tmp/concurrengine-shard-path}
. "$(dirname "$0")/../jvm-flags.sh"
env_line() { echo "== $1 $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)" >> "$OUT/environment.txt"; }

step() {
  case "$1" in
  ab)
    # base vs new on the synthetic feed (the only feed the base has), alternating processes, order reversed per round
    for round in 1 2; do
      [ $round = 1 ] && order="base new" || order="new base"
      for v in $order; do
        [ $v = base ] && JAR=$BASE || JAR=$NEW
        env_line "ab $v round $round"
        java "${FLAGS[@]}" -cp "$JAR" $MAIN burst --out "$WORK" --name "ab-$v-$round" --work "$WORK/j" \
          --pipelines disruptor --models trivial,market --journal on,off --seconds 15 --rounds 1 \
          --warmup-seconds 3 --feed-only-seconds 0 --hgrm false 2>&1 | grep --line-buffered '^burst' \
          | sed "s/^/$v round=$round /" | tee -a "$OUT/ab.txt"
      done
    done
    ;;
  headline)
    # the new engine at max rate from the recorded feed, beside the ArrayBlockingQueue pipeline in the same process
    env_line headline
    java "${FLAGS[@]}" -Xmx8g -cp "$NEW" $MAIN burst --out "$OUT" --name headline --work "$WORK/j" \
      --pipelines disruptor,abq --models trivial --journal on,off --feed recorded --seconds 20 --rounds 2 \
      --warmup-seconds 4 --feed-only-seconds 10 --hgrm false 2>&1 | tee "$OUT/headline.txt"
    ;;
  paced)
    # market model paced at 1 M/s and at half of its max, journal on and off, Disruptor and ABQ, same process
    env_line "paced new"
    java "${FLAGS[@]}" -cp "$NEW" $MAIN suite --out "$OUT" --name paced-new --work "$WORK/j" --models market \
      --seconds 15 --rounds 2 --paced-seconds 12 --replay-passes 1 2>&1 | tee "$OUT/paced-new.txt"
    ;;
  sustained)
    # 10 minutes journaled at max rate from the recorded feed, between two 2 GiB write+fsync disk probes
    env_line sustained
    java "${FLAGS[@]}" -Xmx8g -Xlog:gc:file="$OUT/sustained-gc.log" -cp "$NEW" $MAIN sustained --out "$OUT" \
      --name sustained --work "$WORK/j" --models trivial --feed recorded --sustained-seconds 600 2>&1 \
      | tee "$OUT/sustained.txt"
    ;;
  paced-trivial)
    # the trivial model paced at 1 M/s (about an eighth of its max here), journal on and off, Disruptor and ABQ
    env_line paced-trivial
    java "${FLAGS[@]}" -cp "$NEW" $MAIN paced --out "$OUT" --name paced-trivial --work "$WORK/j" --models trivial \
      --rates 1M --rounds 2 --paced-seconds 12 2>&1 | tee "$OUT/paced-trivial.txt"
    ;;
  jmh)
    env_line jmh
    java -jar "$NEW" 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.' \
      -prof gc -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
      -rf json -rff "$OUT/journal-append-jmh.json" 2>&1 | tee "$OUT/journal-append-jmh.txt"
    ;;
  *) echo "unknown step: $1" >&2; exit 2 ;;
  esac
}
[ $# -eq 0 ] && set -- ab headline paced jmh
for s in "$@"; do step "$s"; done
