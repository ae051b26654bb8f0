cd /work/main
OUT=/tmp/diag/h2-paced ROUNDS=2 VARIANTS="huge=/tmp/h2.jar small=/tmp/h2.jar" ARGS_small="--set journal.huge_pages=false" WORK=/tmp/cab \
  bench/results/pipeline/ab.sh paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 30 --rounds 1 > /tmp/diag/h2-paced.log 2>&1
echo done >> /tmp/diag/h2-paced.log
