#!/bin/bash
cd /tmp/s32/jb
for i in 1 2 3 4 5 6; do
  rm -rf dir
  java -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename=/tmp/s32/jb/p$i.jfr,settings=profile -Xlog:gc*,safepoint:file=/tmp/s32/jb/gc$i.log:uptime -jar /tmp/s32/new.jar benchmark --events 10000000 --paced-rate 500000 --paced-duration 30s --dir /tmp/s32/jb/dir > table-$i.md 2> log-$i.txt
  echo "$i $(grep 'P99 Latency' table-$i.md | cut -c1-200)" >> done.txt
  if grep -q 'P99.9 [0-9]\{5\}' table-$i.md; then echo "slow $i" >> done.txt; break; fi
done
rm -rf dir
