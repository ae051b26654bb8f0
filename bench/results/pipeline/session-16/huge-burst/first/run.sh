cd /work/main
OUT=/tmp/diag/hugeburst ROUNDS=3 VARIANTS="small=/tmp/x4.jar:-Dx.huge=false huge=/tmp/x4.jar:-Dx.huge=true" WORK=/tmp/cab \
  bench/results/pipeline/ab.sh burst --models trivial --pipelines disruptor --feed recorded --seconds 20 --rounds 1 --journal on --feed-only-seconds 0 > /tmp/diag/hugeburst.log 2>&1
echo done >> /tmp/diag/hugeburst.log
