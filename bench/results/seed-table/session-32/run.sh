#!/bin/bash
# Alternating rounds of the product table's command with two jars (session 32: 6dbc11a as base, the sized wheels as new):
#   OUT=/tmp/somewhere BASE=base.jar NEW=new.jar bench/results/seed-table/session-32/run.sh
# Nothing else may run meanwhile. Writes table-N-{base,new}.md and log-N-*.txt to OUT and deletes the journals.
set -u
cd "${OUT:?}"
n=0
for order in "base new" "new base" "base new"; do
  for v in $order; do
    n=$((n+1))
    if [ $v = base ]; then JAR=${BASE:?}; else JAR=${NEW:?}; fi
    rm -rf dir-$n
    java -jar "$JAR" benchmark --events 10000000 --paced-rate 500000 --paced-duration 30s \
      --dir "$OUT/dir-$n" > table-$n-$v.md 2> log-$n-$v.txt
    echo "$n $v exit $?" >> done.txt
    rm -rf dir-$n/burst dir-$n/paced
  done
done
