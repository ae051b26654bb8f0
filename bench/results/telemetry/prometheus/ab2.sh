#!/bin/bash
# the control: the same curl loop every 100 ms in both variants; "curl-only" runs without the exporter (curl finds no
# listener and fails at once), "scraped" with it; paced run as in ab.sh, alternating processes
cd "${1:-/tmp/s33/prom}"
n=0
for order in "curlonly scraped" "scraped curlonly" "curlonly scraped"; do
  for v in $order; do
    n=$((n+1)); rm -rf j
    if [ $v = curlonly ]; then
      java -jar prom.jar run --rate 500k --duration 20s --warmup 5s --journal j > o-$n-$v.txt 2>&1 &
    else
      CONCURRENGINE_TELEMETRY_EXPORTER=prometheus CONCURRENGINE_TELEMETRY_ENDPOINT=127.0.0.1:9479 \
        java -jar prom.jar run --rate 500k --duration 20s --warmup 5s --journal j > o-$n-$v.txt 2>&1 &
    fi
    pid=$!; scrapes=0
    while kill -0 $pid 2>/dev/null; do
      curl -s -o /dev/null http://127.0.0.1:9479/metrics && scrapes=$((scrapes+1)); sleep 0.1
    done
    wait $pid; echo "scrapes $scrapes" >> o-$n-$v.txt
    echo "$n $v $(grep 'publish->dispatch' o-$n-$v.txt) $(grep scrapes o-$n-$v.txt)" >> done.txt
  done
done
rm -rf j
