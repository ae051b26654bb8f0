cd /work/main
OUT=/tmp/diag/pace ROUNDS=3 VARIANTS="def=/tmp/x2.jar p256=/tmp/x2.jar:-Dx.wbpace=262144 p128=/tmp/x2.jar:-Dx.wbpace=131072" WORK=/tmp/cab \
  bench/results/pipeline/ab.sh paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 40 --rounds 1 --journal on > /tmp/diag/pace.log 2>&1
echo done >> /tmp/diag/pace.log
