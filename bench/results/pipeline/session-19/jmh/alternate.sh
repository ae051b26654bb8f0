#!/usr/bin/env bash
# JMH forks of the final jar alternating journal.packed=true and false (order reversed each round), 2 forks each.
set -uo pipefail
JAR=${JAR:-/tmp/b19/benchmarks.jar}
for round in 1 2 3; do
  order="true false"; [ $((round % 2)) = 0 ] && order="false true"
  for p in $order; do
    java -jar "$JAR" 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.journalInputDispatchedAtOnce$' \
      -p flushEvery=0 -p pretouchRead=false -p packed=$p -f 2 \
      -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler > "alt-$round-packed-$p.txt" 2>&1
    echo "round $round packed=$p $(grep 'cpu.time.norm' "alt-$round-packed-$p.txt" | tail -1 | awk '{print $(NF-3), $(NF-2), $(NF-1)}')" | tee -a alternate.txt
  done
done
