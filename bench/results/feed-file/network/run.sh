#!/bin/bash
# run fed 10 M inputs from a page-cached file and from a local TCP upstream (Python, socket.sendfile), alternating
cd "${1:-/tmp/s33/net}"  # holds net.jar (the tools jar) and flow10m.csv (../Gen.java, 10 M inputs)
n=0
for order in "file tcp" "tcp file" "file tcp"; do
  for v in $order; do
    n=$((n+1)); rm -rf j
    if [ $v = file ]; then
      java -jar net.jar run --feed flow10m.csv --journal j --no-counters > o-$n-$v.txt 2>&1
    else
      python3 serve.py 9400 flow10m.csv & sleep 0.5
      java -jar net.jar run --feed tcp://127.0.0.1:9400 --journal j --no-counters > o-$n-$v.txt 2>&1
      wait
    fi
    echo "$n $v $(grep '^run:' o-$n-$v.txt) $(grep 'state hash' o-$n-$v.txt)" >> done.txt
  done
done
rm -rf j
