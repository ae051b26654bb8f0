#!/bin/bash
# Alternating processes: the market main job before (base) and after (idx) the ADD duplicate check's skip.
set -u
cd "${OUT:?}"
for round in 1 2 3; do
  if [ $((round % 2)) = 1 ]; then order="base idx"; else order="idx base"; fi
  for v in $order; do
    jar=$([ $v = base ] && echo "${BASE:?}" || echo "${NEW:?}")
    java -jar "$jar" run --no-journal --warmup 5s --events 30M --json > nojournal-$round-$v.json 2>/dev/null
    rm -rf j; java -jar "$jar" run --journal j --warmup 5s --events 20M --json > journal-$round-$v.json 2>/dev/null
    rm -rf j
  done
done
echo finished > done.txt
