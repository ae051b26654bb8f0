#!/bin/bash
# the product table's command against a standalone paced run of the same rate and length, alternating
cd "${1:-/tmp/s33/gap}"
n=0
for order in "bench run" "run bench"; do
  for v in $order; do
    n=$((n+1)); rm -rf data
    if [ $v = bench ]; then
      java -jar g.jar benchmark --events 10000000 --paced-rate 500000 --paced-duration 30s --dir bd-$n > o-$n-$v.txt 2>&1
      echo "$n $v $(grep "P99 Latency" o-$n-$v.txt | head -1)" >> done.txt
    else
      java -jar g.jar run --rate 500k --duration 30s --warmup 5s > o-$n-$v.txt 2>&1
      echo "$n $v $(grep 'publish->dispatch' o-$n-$v.txt)" >> done.txt
    fi
  done
done
rm -rf data
