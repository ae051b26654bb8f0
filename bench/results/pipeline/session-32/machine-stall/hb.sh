#!/bin/bash
cd /tmp/s32/hb
for i in 8 9 10 11 12 13; do
  rm -rf dir
  python3 hb.py gaps-$i.txt & H=$!
  date +%s.%N > start-$i.txt
  java -Xlog:safepoint:file=/tmp/s32/hb/sp$i.log:uptime,time -jar /tmp/s32/new.jar benchmark --events 10000000 --paced-rate 500000 --paced-duration 30s --dir /tmp/s32/hb/dir > table-$i.md 2> log-$i.txt
  kill $H
  echo "$i $(grep 'P99 Latency' table-$i.md | cut -c1-200)" >> done.txt
  if grep -q 'P99.9 [0-9]\{5\}' table-$i.md; then echo "slow $i" >> done.txt; break; fi
done
rm -rf dir
