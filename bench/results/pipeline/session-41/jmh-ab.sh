#!/usr/bin/env bash
# JournalAppendBenchmark.journalInputDispatchedAtOnce (flushEvery 0, packed), two jars, one fork each, alternating,
# order reversed every other round. Run from the repository root:
#   A=name=jar B=name=jar OUT=dir [ROUNDS=8] bench/results/pipeline/session-41/jmh-ab.sh
set -uo pipefail
: "${A:?A=name=jar}" "${B:?B=name=jar}" "${OUT:?OUT=dir}"
mkdir -p "$OUT"
declare -A JAR=([${A%%=*}]=${A#*=} [${B%%=*}]=${B#*=})
for round in $(seq 1 "${ROUNDS:-8}"); do
  order="${A%%=*} ${B%%=*}"; [ $((round % 2)) = 0 ] && order="${B%%=*} ${A%%=*}"
  for v in $order; do
    echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment.txt"
    java -jar "${JAR[$v]}" 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.journalInputDispatchedAtOnce$' \
      -p flushEvery=0 -p pretouchRead=false -p packed=true -f 1 -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
      -rf json -rff "$OUT/$v-$round.json" > "$OUT/$v-$round.txt" 2>&1
    grep -E "^JournalAppendBenchmark.journalInputDispatchedAtOnce +0" "$OUT/$v-$round.txt" | sed "s/^/$v round=$round /" \
      | tee -a "$OUT/ab.txt"
  done
done
