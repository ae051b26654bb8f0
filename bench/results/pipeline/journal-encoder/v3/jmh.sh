#!/bin/bash
run() { # jar label pattern
  java -jar $1 "io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.$3\$" -p flushEvery=0 \
    -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler > /tmp/jx/jmh-$2.txt 2>&1
  grep -E "^JournalAppendBenchmark|bytes/event" /tmp/jx/jmh-$2.txt | tail -4 | sed "s/^/$2: /" >> /tmp/jx/jmh-summary.txt
}
: > /tmp/jx/jmh-summary.txt
run /tmp/jx/base-benchmarks.jar base-pair-1 journalInputAndDispatch
run /tmp/jx/new-benchmarks.jar new-fused-1 journalInputDispatchedAtOnce
run /tmp/jx/base-benchmarks.jar base-pair-2 journalInputAndDispatch
run /tmp/jx/new-benchmarks.jar new-fused-2 journalInputDispatchedAtOnce
run /tmp/jx/new-benchmarks.jar new-pair-1 journalInputAndDispatch
