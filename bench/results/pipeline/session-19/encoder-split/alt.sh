#!/usr/bin/env bash
# JMH forks alternating two jars (order reversed each round), 2 forks each.
set -uo pipefail
A=$1; B=$2; ROUNDS=${ROUNDS:-3}; REGEX=${REGEX:-'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.journalInputDispatchedAtOnce$'}
for round in $(seq 1 $ROUNDS); do
  order="a b"; [ $((round % 2)) = 0 ] && order="b a"
  for v in $order; do
    jar=$A; [ $v = b ] && jar=$B
    java -jar "$jar" "$REGEX" -p flushEvery=0 -p pretouchRead=false -p packed=true -f 2 \
      -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler > "alt-$round-$v.txt" 2>&1
    echo "round $round $v $(grep 'cpu.time.norm' "alt-$round-$v.txt" | tail -1 | awk '{print $(NF-3), $(NF-2), $(NF-1)}')" | tee -a alternate.txt
  done
done
