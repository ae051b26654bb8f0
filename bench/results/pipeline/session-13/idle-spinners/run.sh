#!/usr/bin/env bash
# Paced 1 M/s, default layout (2 shards parking, feed parking), journal on/off, each with and without two
# SCHED_IDLE busy loops (one per vCPU) that keep the vCPUs from halting; alternating processes, order reversed
# every other round. Run from the repository root: OUT=dir ROUNDS=n JAR=benchmarks.jar run.sh
set -uo pipefail
: "${OUT:?}" "${JAR:?}"
ROUNDS=${ROUNDS:-3}
. bench/results/pipeline/jvm-flags.sh
mkdir -p "$OUT"
variants=(j n js ns)
for round in $(seq 1 "$ROUNDS"); do
  order=("${variants[@]}")
  [ $((round % 2)) = 0 ] && order=(ns js n j)
  for v in "${order[@]}"; do
    journal=on; [ "${v:0:1}" = n ] && journal=off
    pids=()
    if [ "${v:1:1}" = s ]; then
      for cpu in 0 1; do taskset -c $cpu chrt --idle 0 sh -c 'while :; do :; done' & pids+=($!); done
    fi
    echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment.txt"
    rm -rf /tmp/s13w/j
    java "${FLAGS[@]}" -Xmx8g -cp "$JAR" $MAIN paced --pipelines disruptor --models trivial --rates 1M --rounds 1 \
      --hgrm false --paced-seconds 20 --journal $journal --out "$OUT" --name "$v-$round" --work /tmp/s13w/j 2>&1 \
      | grep --line-buffered -E '^paced' | sed "s/^/$v round=$round /" >> "$OUT/ab.txt"
    for p in "${pids[@]}"; do kill $p; done; wait 2>/dev/null
  done
done
