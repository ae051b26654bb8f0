cd /work/main
. bench/results/pipeline/jvm-flags.sh
rm -rf /tmp/cab/j
java "${FLAGS[@]}" -Xmx8g -cp /tmp/final.jar $MAIN sustained --models trivial --feed recorded --sustained-seconds 300 --out /tmp/sus --name sustained-4k --set journal.huge_pages=false --work /tmp/cab/j > /tmp/sus/sustained-4k.txt 2>&1
echo "exit $?" >> /tmp/sus/sustained-4k.txt
rm -rf /tmp/cab/j
echo finished > /tmp/sus/done4k
