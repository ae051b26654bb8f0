#!/bin/bash
# a standalone paced run (as ab.sh's "run"), with and without another process reading the run's
# /proc/PID/smaps_rollup once a second (what the benchmark's ResourceProbe does from inside), alternating
cd "${1:-/tmp/s33/gap}"
n=0
for order in "plain smaps" "smaps plain"; do
  for v in $order; do
    n=$((n+1)); rm -rf data
    java -jar g.jar run --rate 500k --duration 30s --warmup 5s > s-$n-$v.txt 2>&1 &
    pid=$!
    if [ $v = smaps ]; then
      while kill -0 $pid 2>/dev/null; do cat /proc/$pid/smaps_rollup > /dev/null 2>&1; sleep 1; done
    fi
    wait $pid
    echo "$n $v $(grep 'publish->dispatch' s-$n-$v.txt)" >> smaps-done.txt
  done
done
rm -rf data
