#!/bin/bash
# Many shards on few cores: the session's start jar against its end jar, alternating, on the default market feed.
# usage: run.sh BEFORE_JAR AFTER_JAR OUT_DIR ROUNDS
# Each run: `run --shards N --events E --journal DIR` (journaled, rate max, the embedded defaults otherwise);
# /usr/bin/time gives wall, user and system seconds; the run's own summary line gives its events/s.
set -u
BEFORE=$1; AFTER=$2; OUT=$3; ROUNDS=${4:-3}
WORK=${WORK:-/tmp/shard-count}
mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for case in "64 1000000" "256 100000"; do
    set -- $case; shards=$1; events=$2
    for variant in before after; do
      jar=$BEFORE; [ "$variant" = after ] && jar=$AFTER
      rm -rf "$WORK"; log="$OUT/r$round-s$shards-$variant.txt"
      uptime > "$log"
      /usr/bin/time -f "time: %e s wall %U s user %S s sys" timeout 600 \
        java -jar "$jar" run --shards "$shards" --events "$events" --journal "$WORK" >> "$log" 2>&1
      echo "exit: $?" >> "$log"
      rm -rf "$WORK"
    done
  done
done
