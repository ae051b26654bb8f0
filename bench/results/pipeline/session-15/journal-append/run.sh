#!/bin/bash
# alternating JMH forks: main vs new jar, journal append (fused, flushEvery 0 and 256) and plain chronicle
cd /tmp/jmhab
for r in 1 2 3; do
  for v in main new; do
    java -jar /tmp/bm-$v.jar 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.(journalInputDispatchedAtOnce|chronicleWritingDocument64Bytes)$' \
      -p flushEvery=0,256 -f 1 -wi 3 -i 5 -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
      -rf json -rff /tmp/jmhab/$v-$r.json > /tmp/jmhab/$v-$r.txt 2>&1
  done
done
echo finished
