#!/bin/bash
# alternating paced soaks, base vs new
cd /tmp/s32/ab
for r in 1 2 3 4 5; do
  for v in base new; do
    rm -rf j-$v
    java -jar /tmp/s32/$v.jar soak --rate 500000 --duration 12s --warmup 5s --journal j-$v --report r-$v-$r > o-$v-$r.txt 2>&1
    java -jar /tmp/s32/$v.jar stat data --count 1 > stat-$v-$r.txt 2>&1
  done
done
rm -rf j-base j-new
echo done
