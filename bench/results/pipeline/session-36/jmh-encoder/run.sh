#!/usr/bin/env bash
# Session 36: did BlockEncoder's unit clock (two more field stores per unit, for discardUnit) cost the journal's append?
# The benchmarks jar of 48049b9 (session 35's end, /tmp/s36/old) and of this session's head (/tmp/s36/head), each built
# with `git archive <rev> | tar -x` and `mvn -pl bench -am package -DskipTests`, in alternating JMH processes, one fork
# each, six rounds. Nothing else ran.
set -euo pipefail
OUT=${OUT:-$(dirname "$0")}
for round in ${ROUNDS:-1 2 3 4 5 6}; do
  for variant in old head; do
    java -jar /tmp/s36/$variant/bench/target/benchmarks.jar \
      'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.(chronicleWritingDocument64Bytes|journalInputDispatchedAtOnce)$' \
      -p flushEvery=0 -p pretouchRead=false -p packed=true -f 1 \
      -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
      -rf json -rff "$OUT/$variant-$round.json" > "$OUT/$variant-$round.txt" 2>&1
  done
done
