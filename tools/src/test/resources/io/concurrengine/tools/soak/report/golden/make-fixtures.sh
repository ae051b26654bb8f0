#!/bin/bash
# Regenerates the golden soak summaries (README.md beside this script says what they are): each is the summary.json
# of a short soak by an older release, cloned, built (never installed) and run.
#
#   make-fixtures.sh [REPO] [COMMIT...]     e.g. make-fixtures.sh /work/main 1d86562
#
# REPO is a clone holding the commits (default: this repository); COMMITs default to all. Each gives
# summary-COMMIT.json and summary-COMMIT.txt (the command and its output) beside this script. Needs git, Maven and the
# JDK on PATH.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "${1:-$here}" && git rev-parse --show-toplevel)
shift || true
commits=("$@")
# 1d86562: the first layout of summary.json (FORMAT_VERSION 1), before run gained targetInputsPerSecond and the rest
[ ${#commits[@]} -gt 0 ] || commits=(1d86562)
args=(soak --duration 3s --rate 1000 --shards 2 --seed 7 --no-journal --no-counters --report report)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for commit in "${commits[@]}"; do
    src="$work/src-$commit"
    git clone -q "$repo" "$src"
    git -C "$src" checkout -q "$commit"
    (cd "$src" && mvn -B -o -q -pl tools -am package -DskipTests > "$work/build-$commit.log" 2>&1) ||
        { cat "$work/build-$commit.log"; exit 1; }
    run="$work/run-$commit"
    mkdir "$run"
    {
        echo "summary.json written by $(git -C "$src" log -1 --format='%h %cs %s' | cut -c1-100)"
        echo "commit $(git -C "$src" rev-parse HEAD)"
        echo "jdk $(java -version 2>&1 | head -1)"
        echo "command java -jar tools/target/concurrengine.jar ${args[*]}"
        echo
        (cd "$run" && java -jar "$src/tools/target/concurrengine.jar" "${args[@]}" 2>&1 | tail -20)
    } > "$here/summary-$commit.txt"
    cp "$run/report/summary.json" "$here/summary-$commit.json"
    echo "summary-$commit.json $(stat -c %s "$here/summary-$commit.json") bytes"
done
