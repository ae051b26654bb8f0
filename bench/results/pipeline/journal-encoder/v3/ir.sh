#!/bin/bash
# usage: ir.sh journal-classes-dir mode events  -> prints total Ir
# (--add-exports: the encoder stores through Agrona's UnsafeApi since session 17; a classes dir outside a checkout
# needs a .v3 marker file for mode 3)
set -e
J=$1; MODE=$2; EV=$3
CP=$J:$HOME/.m2/repository/org/agrona/agrona/2.4.1/agrona-2.4.1.jar
OUT=/tmp/jx/out-$(basename $J)-$MODE
mkdir -p $OUT
SRC=/tmp/jx/src/io/concurrengine/journal/EncIr.java
if ! grep -q "void inputAndDispatch" -r $J/../../src/main/java 2>/dev/null && [ ! -f $J/.v3 ]; then grep -v '// v3' $SRC > $OUT/EncIr.java; else cp $SRC $OUT/EncIr.java; fi
javac -d $OUT -cp $CP $OUT/EncIr.java
valgrind --tool=callgrind --callgrind-out-file=$OUT/cg.$EV --trace-children=no java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -Xbatch -XX:+UseSerialGC -XX:TieredStopAtLevel=4 -Xmx1g -cp $OUT:$CP io.concurrengine.journal.EncIr /tmp/jx/stream.bin $MODE $EV 2>$OUT/vg.$EV.txt
grep -o "Collected : [0-9]*" $OUT/vg.$EV.txt || grep "refs" $OUT/vg.$EV.txt
