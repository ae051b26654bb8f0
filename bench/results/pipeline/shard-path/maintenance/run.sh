#!/usr/bin/env bash
# The journal maintenance thread's CPU per event: MADV_POPULATE_WRITE against a CAS per page for the writable window,
# and the far read-touch (pretouch_ahead_bytes 32 MiB, the default) against none beyond the 1 MiB writable window.
# Alternating processes, trivial model, recorded feed, journal on. JAR = benchmarks.jar of the commit under test.
set -uo pipefail
OUT=${OUT:-bench/results/pipeline/shard-path/maintenance}
. "$(dirname "$0")/../../jvm-flags.sh"
for round in 1 2 3; do
  for v in populate cas populate-near; do
    case $v in
      populate) extra=(); prop=true ;;
      cas) extra=(); prop=false ;;
      populate-near) extra=(--pretouch-ahead-bytes 1048576); prop=true ;;
    esac
    echo "== $v round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/environment.txt"
    java "${FLAGS[@]}" -Dconcurrengine.journal.populate_write=$prop -cp "$JAR" io.concurrengine.bench.pipeline.PipelineBenchmark \
      burst --out "$OUT" --name "$v-$round" --work /tmp/concurrengine-maint --pipelines disruptor --models trivial \
      --journal on --feed recorded --seconds 15 --rounds 1 --warmup-seconds 3 --feed-only-seconds 0 --hgrm false \
      "${extra[@]}" 2>&1 | grep --line-buffered '^burst' | sed "s/^/$v round=$round /" | tee -a "$OUT/burst.txt"
  done
done
