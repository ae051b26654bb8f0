#!/bin/bash
# Alternating rounds of the product table's command, the default 5 s warm-up against --warmup 0, same jar:
#   OUT=/tmp/somewhere JAR=tools/target/concurrengine.jar bench/results/seed-table/session-31/run.sh
# Nothing else may run meanwhile. Writes table-N-{warm,cold}.md and log-N-*.txt to OUT and deletes the journals.
set -u
cd "${OUT:?}"
n=0
for order in "warm cold" "cold warm" "warm cold"; do
  for v in $order; do
    n=$((n+1))
    if [ $v = warm ]; then W=5s; else W=0; fi
    rm -rf dir-$n
    java -jar "${JAR:?}" benchmark --events 10000000 --paced-rate 500000 --paced-duration 30s --warmup $W \
      --dir "$OUT/dir-$n" > table-$n-$v.md 2> log-$n-$v.txt
    echo "$n $v exit $?" >> done.txt
    rm -rf dir-$n/burst dir-$n/paced
  done
done
