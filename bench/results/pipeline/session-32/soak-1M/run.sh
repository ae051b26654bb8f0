#!/bin/bash
# soak at its defaults (60 s at 1 M inputs/s, 5 s warm-up), base vs new in alternating processes
cd /tmp/s32/soak1m
n=0
for order in "base new" "new base" "base new"; do
  for v in $order; do
    n=$((n+1))
    rm -rf j
    java -jar /tmp/s32/$v.jar soak --journal j --report r-$n-$v > o-$n-$v.txt 2>&1
    java -jar /tmp/s32/$v.jar stat data --count 1 > stat-$n-$v.txt 2>&1
    echo "$n $v $(grep 'publish->dispatch' o-$n-$v.txt)" >> done.txt
  done
done
rm -rf j
