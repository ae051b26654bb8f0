#!/bin/bash
# usage: irdiff.sh journal-classes-dir mode -> Ir/event = (Ir(1.5M) - Ir(0.5M)) / 1M
J=$1; MODE=$2
A=$(./ir.sh $J $MODE 500000 | tee /dev/stderr | grep -o '[0-9]*$' | tail -1)
B=$(./ir.sh $J $MODE 1500000 | tee /dev/stderr | grep -o '[0-9]*$' | tail -1)
echo "$(basename $J) mode=$MODE Ir/event=$(( (B - A) / 1000000 ))"
