#!/usr/bin/env bash
# Reproduces every file in bench/results/pipeline/. Run from the repository root:
#   bench/results/pipeline/run.sh [build|jmh|journal-profile|suite|trivial|sustained|profile|tickers|tables]...
# (no argument: all, in order; about 25 minutes)
# The build step exports the committed tree (git archive HEAD, so nobody's uncommitted work is in it) to $WORK/src and
# builds the benchmark jar there; every run uses that jar and records its commit.
set -euo pipefail

OUT=bench/results/pipeline
WORK=${WORK:-/tmp/concurrengine-pipeline-bench}
JAR=$WORK/src/bench/target/benchmarks.jar
COMMIT=$(cat "$WORK/src/COMMIT" 2>/dev/null || echo unknown)
FLAGS=(-Dbench.commit="$COMMIT" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true)
MAIN=io.concurrengine.bench.pipeline.PipelineBenchmark

environment() {
    { echo "== $1 $(date -u +%FT%TZ) commit=$COMMIT load=$(cut -d' ' -f1-3 /proc/loadavg)" \
        "cpus=$(nproc) $(java -version 2>&1 | head -1)"; } >> "$OUT/environment.txt"
}

profile() {
    local name=$1 model=$2 extra=$3
    # shellcheck disable=SC2086
    java "${FLAGS[@]}" -XX:StartFlightRecording=filename="$WORK/profile-$name.jfr",settings=profile \
        -cp "$JAR" $MAIN burst --out "$WORK" --name "profile-$name" --work "$WORK/journals" --models "$model" \
        --journal on --seconds 10 --rounds 1 --warmup-seconds 2 --feed-only-seconds 0 $extra 2>&1 \
        | tee "$OUT/profile-$name.txt"
    python3 "$OUT/jfr-breakdown.py" "$WORK/profile-$name.jfr" >> "$OUT/profile-$name.txt"
}

step() {
    case "$1" in
    build)
        rm -rf "$WORK/src" && mkdir -p "$WORK/src"
        git archive HEAD | tar -x -C "$WORK/src"
        git rev-parse HEAD > "$WORK/src/COMMIT"
        (cd "$WORK/src" && mvn -B -q -o -pl bench -am package -DskipTests)
        COMMIT=$(cat "$WORK/src/COMMIT")
        FLAGS[0]=-Dbench.commit="$COMMIT"
        ;;
    jmh)
        environment jmh
        java -jar "$JAR" 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.' \
            -prof gc -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler \
            -rf json -rff "$OUT/journal-append-jmh.json" 2>&1 | tee "$OUT/journal-append-jmh.txt"
        ;;
    journal-profile)
        # where the journal's CPU goes: JFR samples of the JMH fork, flushEvery=0
        environment journal-profile
        java -jar "$JAR" 'io\.concurrengine\.bench\.pipeline\.JournalAppendBenchmark\.journalInputAndDispatch$' \
            -p flushEvery=0 -wi 2 -i 4 -prof "jfr:dir=$WORK/jmhjfr;configName=profile"
        python3 "$OUT/jfr-breakdown.py" "$WORK"/jmhjfr/*flushEvery-0/profile.jfr jmh-worker journal-maint \
            | grep -v 'allocation samples' > "$OUT/journal-append-profile.txt"
        ;;
    suite)
        # market model: warm-up, feed-only, burst 2 rounds x 30 s, paced 1M and half of max 2 rounds x 10 s, replay
        environment suite
        java "${FLAGS[@]}" -Xlog:gc:file="$OUT/suite-gc.log" -cp "$JAR" $MAIN suite --out "$OUT" --name suite \
            --work "$WORK/journals" --seconds 30 --rounds 2 --paced-seconds 10 2>&1 | tee "$OUT/suite.txt"
        ;;
    trivial)
        # the same bursts with a model that only hashes each event: the pipeline's own cost
        environment trivial
        java "${FLAGS[@]}" -cp "$JAR" $MAIN burst --out "$OUT" --name burst-trivial --work "$WORK/journals" \
            --models trivial --seconds 10 --rounds 2 --feed-only-seconds 0 2>&1 | tee "$OUT/burst-trivial.txt"
        ;;
    sustained)
        # 10 minutes journaled at the publisher's max rate between two 2 GiB write+fsync disk probes
        environment sustained
        java "${FLAGS[@]}" -Xlog:gc:file="$OUT/sustained-gc.log" -cp "$JAR" $MAIN sustained --out "$OUT" \
            --name sustained --work "$WORK/journals" --sustained-seconds 600 2>&1 | tee "$OUT/sustained.txt"
        ;;
    profile)
        # JFR execution samples of journaled bursts, broken down by component; the last with a 4096-slot ring, to
        # show what the poller's scan of the whole published backlog costs (see README)
        environment profile
        profile market market "--pipelines disruptor,abq"
        profile trivial trivial "--pipelines disruptor,abq"
        profile trivial-ring4096 trivial "--pipelines disruptor --ring-size 4096"
        ;;
    tickers)
        # control for the journal on/off comparison: journaling off, with and without two threads that only wake
        # every millisecond as the journal's two pre-touchers do; alternating processes A B A B
        environment tickers
        for round in 1 2; do
            for tickers in 0 2; do
                java "${FLAGS[@]}" -cp "$JAR" $MAIN burst --out "$WORK" --name "tickers-$tickers-r$round" \
                    --work "$WORK/journals" --pipelines disruptor --journal off --seconds 15 --rounds 1 \
                    --warmup-seconds 2 --feed-only-seconds 0 --tickers $tickers 2>&1 | grep '^burst' \
                    | sed "s/^/tickers=$tickers round=$round /" | tee -a "$OUT/tickers.txt"
            done
        done
        ;;
    tables)
        python3 "$OUT/tables.py" "$OUT"
        ;;
    *)
        echo "unknown step: $1" >&2
        exit 2
        ;;
    esac
}

if [ $# -eq 0 ]; then
    set -- build jmh journal-profile suite trivial sustained profile tickers tables
fi
for s in "$@"; do
    step "$s"
done
