cd /work/main
. bench/results/pipeline/jvm-flags.sh
for r in 1 2; do
for v in wb4 wb16 wb1 wb0; do
  case $v in wb4) x="";; wb16) x="--write-behind-bytes 16777216";; wb1) x="--write-behind-bytes 1048576";; wb0) x="--write-behind-bytes 0";; esac
  rm -rf /tmp/cab/j
  a=$(head -1 /proc/stat); ia=$(grep virtio1-req /proc/interrupts | awk '{print $2+$3}')
  java "${FLAGS[@]}" -Xmx8g -cp /tmp/x1.jar $MAIN paced --models trivial --pipelines disruptor --rates 1M --paced-seconds 30 --rounds 1 --journal on --warmup-seconds 3 $x --out /tmp/diag/wbs --name $v-$r --work /tmp/cab/j 2>&1 | grep -E '^paced' | awk -v v=$v-$r '{print v, $8, $10}' >> /tmp/diag/wbs.log
  b=$(head -1 /proc/stat); ib=$(grep virtio1-req /proc/interrupts | awk '{print $2+$3}')
  echo "$v-$r stat_before $a" >> /tmp/diag/wbs.log; echo "$v-$r stat_after $b blkirq $((ib-ia))" >> /tmp/diag/wbs.log
done; done
echo done >> /tmp/diag/wbs.log
