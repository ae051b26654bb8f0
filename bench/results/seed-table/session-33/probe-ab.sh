#!/bin/bash
# the product table's command with the resource probe reading smaps_rollup each second (base.jar) against
# /proc/self/status (n.jar), alternating processes, nothing else running
cd "${1:-/tmp/s33/gap}"
n=0
for order in "base n" "n base" "base n"; do
  for v in $order; do
    n=$((n+1)); rm -rf bd
    java -jar $v.jar benchmark --events 10000000 --paced-rate 500000 --paced-duration 30s --dir bd > p-$n-$v.txt 2>&1
    cp bd/benchmark-table.md table-$n-$v.md 2>/dev/null
    echo "$n $v $(grep -E '^\| (Events|P99 Lat|Memory)' p-$n-$v.txt | cut -c1-140 | tr '\n' ' ')" >> probe-done.txt
  done
done
rm -rf bd
