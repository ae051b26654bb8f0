#!/bin/bash
# paced run (500 k/s, 20 s after a 5 s warm-up), with the Prometheus exporter scraped every 100 ms against none,
# alternating processes; 2 vCPUs, nothing else running
cd "${1:-/tmp/s33/prom}"
n=0
for order in "off scraped" "scraped off" "off scraped"; do
  for v in $order; do
    n=$((n+1)); rm -rf j
    if [ $v = off ]; then
      java -jar prom.jar run --rate 500k --duration 20s --warmup 5s --journal j > o-$n-$v.txt 2>&1
    else
      CONCURRENGINE_TELEMETRY_EXPORTER=prometheus CONCURRENGINE_TELEMETRY_ENDPOINT=127.0.0.1:9479 \
        java -jar prom.jar run --rate 500k --duration 20s --warmup 5s --journal j > o-$n-$v.txt 2>&1 &
      pid=$!; scrapes=0
      while kill -0 $pid 2>/dev/null; do
        curl -s -o /dev/null http://127.0.0.1:9479/metrics && scrapes=$((scrapes+1)); sleep 0.1
      done
      wait $pid; echo "scrapes $scrapes" >> o-$n-$v.txt
    fi
    echo "$n $v $(grep 'publish->dispatch' o-$n-$v.txt) $(grep scrapes o-$n-$v.txt)" >> done.txt
  done
done
rm -rf j
