cd /work/main
OUT=/tmp/diag/steal ROUNDS=2 VARIANTS="ext4=/tmp/steal.jar" WORK=/tmp/cab \
  bench/results/pipeline/ab.sh paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 30 --rounds 1 > /tmp/diag/steal.log 2>&1
echo done >> /tmp/diag/steal.log
