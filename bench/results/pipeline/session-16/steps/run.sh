cd /work/main
OUT=/tmp/diag/steps ROUNDS=2 VARIANTS="def=/tmp/x1.jar s256=/tmp/x1.jar:-Dx.wbstep=262144 s64=/tmp/x1.jar:-Dx.wbstep=65536 async=/tmp/x1.jar:-Dx.wbflags=2" WORK=/tmp/cab \
  bench/results/pipeline/ab.sh paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 30 --rounds 1 --journal on > /tmp/diag/steps.log 2>&1
echo done >> /tmp/diag/steps.log
