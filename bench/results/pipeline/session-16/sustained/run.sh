cd /work/main
. bench/results/pipeline/jvm-flags.sh
rm -rf /tmp/cab/j
java "${FLAGS[@]}" -Xmx8g -cp /tmp/final.jar $MAIN sustained --models trivial --feed recorded --sustained-seconds 300 --out /tmp/sus --name sustained --work /tmp/cab/j > /tmp/sus/sustained.txt 2>&1
echo "exit $?" >> /tmp/sus/sustained.txt
rm -rf /tmp/cab/j
echo finished > /tmp/sus/done
