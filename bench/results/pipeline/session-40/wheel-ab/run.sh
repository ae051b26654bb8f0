#!/usr/bin/env bash
# A/B of HoldBenchmark.eventWheel: base (2fe534e) and split (main) jars in alternating processes
set -u
for round in 1 2 3; do
  if [ $((round % 2)) = 1 ]; then order="base new"; else order="new base"; fi
  for v in $order; do
    echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> environment.txt
    java -jar /tmp/s40/$v/benchmarks.jar 'io\.concurrengine\.bench\.wheel\.(HoldBenchmark\.eventWheel|CancelBenchmark\.eventWheel.*)$' \
      -p distribution=EXPONENTIAL,DENSE -p size=1000,100000 \
      -f 1 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ns -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
      -rf json -rff $v-$round.json > $v-$round.txt 2>&1
  done
done
