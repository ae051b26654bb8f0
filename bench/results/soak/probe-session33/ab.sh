#!/bin/bash
# soak at its defaults (60 s at 1 M inputs/s, 5 s warm-up), its sampler reading smaps_rollup each second (base.jar)
# against /proc/self/status (n.jar), alternating processes, nothing else running
cd "${1:-/tmp/s33/soakab}"
n=0
for order in "base n" "n base" "base n"; do
  for v in $order; do
    n=$((n+1)); rm -rf j r-$n-$v
    java -jar $v.jar soak --journal j --report r-$n-$v > o-$n-$v.txt 2>&1
    echo "$n $v $(grep 'publish->dispatch' o-$n-$v.txt)" >> done.txt
  done
done
rm -rf j
