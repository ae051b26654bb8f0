cd /work/main
OUT=/tmp/diag/h-burst ROUNDS=3 VARIANTS="huge=/tmp/h.jar small=/tmp/h.jar" ARGS_small="--set journal.huge_pages=false" WORK=/tmp/cab \
  bench/results/pipeline/ab.sh burst --models trivial --pipelines disruptor --feed recorded --seconds 20 --rounds 1 --journal on --feed-only-seconds 0 > /tmp/diag/h-burst.log 2>&1
OUT=/tmp/diag/h-paced ROUNDS=2 VARIANTS="huge=/tmp/h.jar small=/tmp/h.jar" ARGS_small="--set journal.huge_pages=false" WORK=/tmp/cab \
