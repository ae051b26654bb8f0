#!/usr/bin/env bash
# async-profiler (cpu, 1 ms, per thread, collapsed) of one journaled or unjournaled burst with batch coalescing
set -uo pipefail
cd /work/main
. bench/results/pipeline/jvm-flags.sh
name=$1; journal=$2
rm -rf /tmp/s41p
java "${FLAGS[@]}" -Xmx8g -agentpath:/tmp/ap/linux-x64/libasyncProfiler.so=start,event=cpu,interval=1ms,threads,file=/tmp/s41/$name.collapsed,collapsed \
  -cp /tmp/s41/benchmarks.jar io.concurrengine.bench.pipeline.PipelineBenchmark burst --pipelines disruptor --models trivial --feed recorded \
  --seconds 20 --rounds 1 --feed-only-seconds 0 --journal $journal --set engine.min_batch=256 --out /tmp/s41 --name $name --work /tmp/s41p/j 2>&1 | grep -E '^burst'
rm -rf /tmp/s41p
