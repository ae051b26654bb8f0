cd /work/main
. bench/results/pipeline/jvm-flags.sh
for r in 1 2 3; do
for v in quiet direct buffered; do
  [ $v != quiet ] && (python3 /tmp/io/iow.py $v 37 >> /tmp/io/iow.log 2>&1 &)
  java "${FLAGS[@]}" -Xmx8g -cp /tmp/x2.jar $MAIN paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 30 --rounds 1 --journal off --warmup-seconds 3 --out /tmp/io/res --name $v-$r --work /tmp/cab/j > /dev/null 2>&1
  sleep 3
done; done
echo done >> /tmp/io/iow.log
