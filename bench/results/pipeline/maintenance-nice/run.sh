#!/usr/bin/env bash
# A/B: journal maintenance threads at default priority vs reniced (nice 19) / SCHED_IDLE, paced market 1M/s
set -uo pipefail
JAR=/tmp/concurrengine-pipeline-bench/src/bench/target/benchmarks.jar
OUT=/tmp/nice
FLAGS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
watch() { # $1 pid $2 mode
    local seen=" "
    while kill -0 "$1" 2>/dev/null; do
        for t in /proc/$1/task/*; do
            tid=${t##*/}
            case "$seen" in *" $tid "*) continue;; esac
            comm=$(cat "$t/comm" 2>/dev/null) || continue
            case "$comm" in journal-maint*|*pretouch*|*write-behind*)
                if [ "$2" = nice ]; then renice -n 19 -p "$tid" >/dev/null; else chrt -i -p 0 "$tid"; fi
                echo "$2 $tid $comm" >> $OUT/reniced.txt; seen="$seen$tid ";;
            esac
        done
        sleep 0.2
    done
}
run() {
    local mode=$1
    echo "== $mode $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> $OUT/environment.txt
    java "${FLAGS[@]}" -cp "$JAR" io.concurrengine.bench.pipeline.PipelineBenchmark paced --out "$OUT" \
        --name "nice-$mode" --work /tmp/concurrengine-nice --pipelines disruptor \
        --models market --journal on,off --rates 1000000 --paced-seconds 40 --rounds 2 --warmup-seconds 3 \
        --hgrm false > $OUT/log-$mode.txt 2>&1 &
    local pid=$!
    [ "$mode" != default ] && watch $pid $mode &
    wait $pid
    grep '^paced' $OUT/log-$mode.txt | sed "s/^/mode=$mode /" | tee -a $OUT/paced.txt
}
for m in "$@"; do run $m; done
