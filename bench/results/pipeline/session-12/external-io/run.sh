#!/usr/bin/env bash
# variants: nojournal, nojournal+io, journal ; ROUNDS rounds alternating
cd /work/main && . bench/results/pipeline/jvm-flags.sh
OUT=$1; ROUNDS=$2; mkdir -p $OUT
for r in $(seq 1 $ROUNDS); do
  for v in nojournal io journal; do
    rm -rf /tmp/io/j
    case $v in nojournal|io) J=off;; journal) J=on;; esac
    if [ $v = io ]; then (sleep 2; python3 /tmp/io/writer.py /tmp/io/blob 12800000 40) & WP=$!; fi
    java "${FLAGS[@]}" -Xmx8g -cp /tmp/ps/head.jar $MAIN paced --pipelines disruptor --models trivial --rates 1M --rounds 1 --hgrm false --paced-seconds 20 --journal $J --out $OUT --name $v-$r --work /tmp/io/j 2>&1 | grep --line-buffered -E '^paced' | sed "s/^/$v round=$r /" | tee -a $OUT/ab.txt
    if [ $v = io ]; then kill $WP 2>/dev/null; pkill -f writer.py; wait 2>/dev/null; rm -f /tmp/io/blob; fi
  done
done
