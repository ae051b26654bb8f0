cd /tmp/jmhh
for r in 1 2 3; do
  for v in small huge; do
    h=false; [ $v = huge ] && h=true
    java -jar /tmp/x4.jar 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.journalInputDispatchedAtOnce$' \
      -p flushEvery=0 -p pretouchRead=false -f 1 -wi 3 -i 5 -jvmArgsPrepend "-Dx.huge=$h" -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
      -rf json -rff /tmp/jmhh/$v-$r.json > /tmp/jmhh/$v-$r.txt 2>&1
  done
done
echo finished > /tmp/jmhh/done
