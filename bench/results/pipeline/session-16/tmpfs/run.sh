cd /work/main
OUT=/tmp/diag/tmpfs ROUNDS=2 VARIANTS="ext4=/tmp/cur.jar shm=/tmp/cur.jar" WORK=/tmp/cab WORK_shm=/dev/shm/cab \
  bench/results/pipeline/ab.sh paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 60 --rounds 1 > /tmp/diag/tmpfs.log 2>&1
echo done >> /tmp/diag/tmpfs.log
