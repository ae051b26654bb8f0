#!/usr/bin/env bash
# Session 37 measurements: combat JMH (CPU time, GC) + async profile, and run's paced warm-up A/B.
set -u
J=/tmp/s37/jars
OUT=/tmp/s37/m
cd /tmp/s37
uname -a > $OUT/environment.txt; nproc >> $OUT/environment.txt; java -version 2>> $OUT/environment.txt
uptime >> $OUT/environment.txt
# 1. combat kernel, 3 forks, CPU time of the benchmark thread and allocation
java -jar $J/benchmarks.jar 'CombatBenchmark' -f 3 -prof gc -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
  -rf json -rff $OUT/combat-jmh.json > $OUT/combat-jmh.txt 2>&1
# 2. where a fight's time goes: async-profiler, cpu samples, one fork per spec
for spec in fire_mage berserker; do
  java -jar $J/benchmarks.jar 'CombatBenchmark' -p spec=$spec -f 1 \
    -prof "async:libPath=/tmp/ap/linux-x64/libasyncProfiler.so;output=collapsed;dir=$OUT/async-$spec;interval=500000" \
    > $OUT/combat-async-$spec.txt 2>&1
done
# 3. run, paced 500k/s for 15 s, with and without a 5 s warm-up, alternating, 3 rounds
for round in 1 2 3; do
  if [ $((round % 2)) -eq 1 ]; then order="warm cold"; else order="cold warm"; fi
  for v in $order; do
    rm -rf /tmp/s37/journal
    if [ $v = warm ]; then extra="--warmup 5s"; else extra=""; fi
    java -jar $J/concurrengine.jar run --rate 500k --duration 15s $extra --journal /tmp/s37/journal --json \
      > $OUT/run-$v-$round.json 2> $OUT/run-$v-$round.err
    uptime >> $OUT/uptime.txt
  done
done
echo done > $OUT/DONE
