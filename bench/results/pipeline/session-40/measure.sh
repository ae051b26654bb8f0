#!/usr/bin/env bash
# Session 40: the refactors' A/Bs. Jars: /tmp/s40/base = 2fe534e (before), /tmp/s40/new = 5d02b6a (the splits),
# /tmp/s40/nowheel = 5d02b6a with core/.../wheel of 2fe534e, /tmp/s40/new2 = 5d02b6a with NearWheel's early-list scan
# moved to a slow path (dropped). Each built with `mvn -B -o install -DskipTests` (nowheel: `package`) from a clean
# tree; benchmarks.jar and concurrengine.jar copied out. Alternating processes, order reversed every other round
# (three-way sets rotate). Nothing else running. Run from this directory.
set -u
alt() { if [ $(($1 % 2)) = 1 ]; then echo "base new"; else echo "new base"; fi; }
# wheel: HoldBenchmark and CancelBenchmark, EventWheel only
for r in 1 2 3; do for v in $(alt $r); do
  java -jar /tmp/s40/$v/benchmarks.jar 'io\.concurrengine\.bench\.wheel\.(HoldBenchmark\.eventWheel|CancelBenchmark\.eventWheel.*)$' \
    -p distribution=EXPONENTIAL,DENSE -p size=1000,100000 -f 1 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ns \
    -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler -rf json -rff wheel-ab/$v-$r.json > wheel-ab/$v-$r.txt 2>&1
done; done
for r in 1 2 3 4 5 6; do for v in $(alt $r); do
  java -jar /tmp/s40/$v/benchmarks.jar 'io\.concurrengine\.bench\.wheel\.(CancelBenchmark|HoldBenchmark)\.eventWheel$' \
    -p distribution=EXPONENTIAL -p size=1000 -f 1 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ns \
    -rf json -rff wheel-ab/cancel/$v-$r.json > wheel-ab/cancel/$v-$r.txt 2>&1
done; done
for r in 1 2 3 4 5; do case $((r % 3)) in 1) o="base new new2";; 2) o="new2 base new";; 0) o="new new2 base";; esac
  for v in $o; do
  java -jar /tmp/s40/$v/benchmarks.jar 'io\.concurrengine\.bench\.wheel\.(CancelBenchmark|HoldBenchmark)\.eventWheel$' \
    -p distribution=EXPONENTIAL,DENSE -p size=1000 -f 1 -wi 3 -w 1s -i 5 -r 1s -bm avgt -tu ns \
    -rf json -rff wheel-ab/three/$v-$r.json > wheel-ab/three/$v-$r.txt 2>&1
done; done
# the main job, warmed up (mainjob-ab/: 5 rounds; three/: base, new, nowheel rotating, 6; more/: 8 rounds)
for r in 1 2 3 4 5; do for v in $(alt $r); do rm -rf /tmp/s40/mj
  java -jar /tmp/s40/$v/concurrengine.jar run --warmup 5s --journal /tmp/s40/mj/journal --json > mainjob-ab/$v-$r.json
done; done
# the market model and wheel on one core
for r in 1 2 3 4 5; do for v in $(alt $r); do
  java -jar /tmp/s40/$v/benchmarks.jar 'MarketModelBenchmark' -f 1 -rf json -rff market-jmh/$v-$r.json > market-jmh/$v-$r.txt 2>&1
done; done
# replay --verify of one main-job journal (written by the new jar)
for r in 1 2 3 4 5 6; do for v in $(alt $r); do
  java -jar /tmp/s40/$v/concurrengine.jar replay /tmp/s40/replay-journal/journal --verify --json > replay-ab/$v-$r.json
done; done
# the feed file's parser
for r in 1 2 3 4 5; do for v in $(alt $r); do
  java -jar /tmp/s40/$v/benchmarks.jar 'FeedFileBenchmark\.(marketFeedFile|bufferedReaderSplit)$' -rf json -rff feed-ab/$v-$r.json > feed-ab/$v-$r.txt 2>&1
done; done
