cd /work/main
OUT=/tmp/diag/knobs ROUNDS=2 VARIANTS="def=/tmp/cur.jar wb0=/tmp/cur.jar nopop=/tmp/cur.jar shm=/tmp/cur.jar" WORK=/tmp/cab WORK_shm=/dev/shm/cab \
  ARGS_wb0="--write-behind-bytes 0" ARGS_nopop="--pretouch-ahead-bytes 0 --pretouch-writable-bytes 0" \
  bench/results/pipeline/ab.sh paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 30 --rounds 1 --journal on > /tmp/diag/knobs.log 2>&1
echo done >> /tmp/diag/knobs.log
