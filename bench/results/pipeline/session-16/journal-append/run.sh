cd /tmp/jmhf
for r in 1 2 3; do
  java -jar /tmp/final.jar 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.(journalInputDispatchedAtOnce|chronicleWritingDocument64Bytes)$' \
    -p flushEvery=0 -p pretouchRead=false -f 1 -wi 3 -i 5 -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
    -rf json -rff /tmp/jmhf/final-$r.json > /tmp/jmhf/final-$r.txt 2>&1
done
echo finished > /tmp/jmhf/done
