#!/bin/bash
cd /tmp/s32/slow
for i in 1 2 3 4 5 6 7 8; do
  rm -rf j
  java -XX:+DisableExplicitGC -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename=/tmp/s32/slow/p$i.jfr,settings=profile -jar /tmp/s32/new.jar soak --rate 500000 --duration 15s --warmup 5s --journal j --report r$i > o$i.txt 2>&1
  m=$(grep -v '^[#"]' r$i/latency.hlog | cut -d, -f3 | sort -n | tail -1)
  echo "$i max=$m $(grep 'publish->dispatch' o$i.txt)" >> found.txt
done
rm -rf j
