#!/bin/bash
# benchmark default vs CONCURRENGINE_JOURNAL_FSYNC=on-close, alternating; meminfo Dirty/Writeback sampled each second
cd /tmp/s32/fs
n=0
for order in "none close" "close none" "none close" "close none"; do
  for v in $order; do
    n=$((n+1))
    rm -rf dir-$n
    ( while true; do echo "$(date +%s.%N | cut -c1-14) $(grep -E '^(Dirty|Writeback):' /proc/meminfo | awk '{printf "%s %s ", $1, $2}')"; sleep 1; done ) > mem-$n-$v.txt &
    S=$!
    if [ $v = close ]; then export CONCURRENGINE_JOURNAL_FSYNC=on-close; else unset CONCURRENGINE_JOURNAL_FSYNC; fi
    date +%s.%N > start-$n-$v.txt
    java -jar /tmp/s32/new.jar benchmark --events 10000000 --paced-rate 500000 --paced-duration 30s --dir /tmp/s32/fs/dir-$n > table-$n-$v.md 2> log-$n-$v.txt
    kill $S
    echo "$n $v exit $? $(grep 'P99 Latency' table-$n-$v.md | cut -c1-200)" >> done.txt
    rm -rf dir-$n
  done
done
