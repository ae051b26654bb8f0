#!/usr/bin/env bash
# (Session 12 keep-while-slow A/B; /tmp paths as run. The jars: tools jar of 4309157 and of the change.)
# Paced 1 M/s soaks under memory pressure: a 20 GiB hog leaves ~3 GiB for the page cache.
OUT=/tmp/soak-ab; mkdir -p $OUT
/tmp/hog/hog 20 > $OUT/hog.txt & HOG=$!
until grep -q holding $OUT/hog.txt; do sleep 2; done; sleep 5; free -m > $OUT/free-start.txt
for v in keepslow head; do
  rm -rf /tmp/soakj
  ( while sleep 10; do echo "$(date +%T) $(free -m | sed -n 2p)"; done ) > $OUT/free-$v.txt & MON=$!
  java -Dchronicle.analytics.disable=true -jar /tmp/ps/tools-$v.jar soak --duration 6m --rate 1000000 --journal /tmp/soakj --report $OUT/$v > $OUT/$v.log 2>&1
  kill $MON
done
kill $HOG; rm -rf /tmp/soakj
