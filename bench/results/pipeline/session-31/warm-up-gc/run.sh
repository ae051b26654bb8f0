#!/bin/bash
# Alternating processes: a paced market run (500k inputs/s, 20 s, no journal) after a 5 s warm-up, with (gc) and
# without (base) a System.gc() between the warm-up and the measured run; JFR records the GC pauses.
set -u
cd "${OUT:?}"
for round in 1 2 3 4 5 6 7 8 9 10; do
  if [ $((round % 2)) = 1 ]; then order="base gc"; else order="gc base"; fi
  for v in $order; do
    jar=$([ $v = base ] && echo "${BASE:?}" || echo "${NEW:?}")
    java -XX:StartFlightRecording=filename=$v-$round.jfr,settings=default -jar "$jar" run --no-journal --rate 500k \
      --duration 20s --warmup 5s --json > $v-$round.json 2>/dev/null
  done
done
echo finished > done.txt
