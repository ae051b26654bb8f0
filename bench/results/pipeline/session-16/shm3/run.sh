cd /work/main
OUT=/tmp/diag/shm3 ROUNDS=3 VARIANTS="shm=/tmp/cur.jar" WORK=/dev/shm/cab \
  bench/results/pipeline/ab.sh paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 40 --rounds 1 > /tmp/diag/shm3.log 2>&1
echo done >> /tmp/diag/shm3.log
