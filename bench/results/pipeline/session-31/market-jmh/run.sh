#!/bin/bash
# Alternating JMH runs of MarketModelBenchmark: before (base) and after (head) the ADD duplicate check's skip.
set -u
cd "${OUT:?}"
for v in base head head base base head; do
  n=$(( $(ls | grep -c '\.json$') + 1 ))
  jar=$([ $v = base ] && echo "${BASE:?}" || echo "${NEW:?}")
  java -jar "$jar" MarketModelBenchmark -rf json -rff $n-$v.json > $n-$v.txt 2>&1
done
echo finished > done.txt
