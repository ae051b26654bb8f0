#!/bin/bash
# Regenerates the golden counters files of older layouts (README.md beside this script says what they are). Each is
# written by the last release that wrote its layout: that commit is cloned, built (never installed) and run.
#
#   make-fixtures.sh [REPO] [LAYOUT...]     e.g. make-fixtures.sh /work/main v1-no-heartbeat
#
# REPO is a clone holding the commits (default: this repository); LAYOUTs default to all. Each gives counters-LAYOUT.zip
# (the run's data/counters.dat) and counters-LAYOUT.txt (the command, its summary and the old stat's output) beside this
# script. Needs git, Maven, zip and the JDK on PATH.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "${1:-$here}" && git rev-parse --show-toplevel)
shift || true
layouts=("$@")
[ ${#layouts[@]} -gt 0 ] || layouts=(v1-no-finish-time v1-no-heartbeat v1-no-heartbeat-killed)

# the last commit that wrote each layout: the parent of the commit that changed it (format version 1 throughout)
declare -A next=([v1-no-finish-time]=51b82bd [v1-no-heartbeat]=8a48a24 [v1-no-heartbeat-killed]=8a48a24)
finished=(run --events 3000 --shards 2 --seed 7 --no-journal)
# a run killed (SIGKILL) 3 s into a paced minute: its file says running, its process is gone
killed=(run --events 60000 --rate 1000 --shards 2 --seed 7 --no-journal)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for layout in "${layouts[@]}"; do
    commit=$(git -C "$repo" rev-parse "${next[$layout]}^")
    src="$work/src-$layout"
    git clone -q "$repo" "$src"
    git -C "$src" checkout -q "$commit"
    (cd "$src" && mvn -B -o -q -pl tools -am package -DskipTests > "$work/build-$layout.log" 2>&1) ||
        { cat "$work/build-$layout.log"; exit 1; }
    jar="$src/tools/target/concurrengine.jar"
    run="$work/run-$layout"
    mkdir "$run"
    out="$here/counters-$layout.txt"
    {
        echo "counters file layout $layout, written by $(git -C "$src" log -1 --format='%h %cs %s' | cut -c1-100)"
        echo "commit $commit"
        echo "jdk $(java -version 2>&1 | head -1)"
        if [[ "$layout" == *-killed ]]; then
            echo "command java -jar tools/target/concurrengine.jar ${killed[*]}, killed by SIGKILL after 3 s"
            echo
            echo "## run"
            (cd "$run" && exec java -jar "$jar" "${killed[@]}" > run.log 2>&1) &
            sleep 3
            kill -KILL $!
            wait $! || true
            echo "(killed: pid $!)"
        else
            echo "command java -jar tools/target/concurrengine.jar ${finished[*]}"
            echo
            echo "## run"
            (cd "$run" && java -jar "$jar" "${finished[@]}" 2>&1)
        fi
        echo
        echo "## stat data --count 1"
        (cd "$run" && java -jar "$jar" stat data --count 1 2>&1) || echo "exit $?"
    } > "$out"
    rm -f "$here/counters-$layout.zip"
    (cd "$run/data" && zip -q -9 -X "$here/counters-$layout.zip" counters.dat)
    echo "counters-$layout.zip $(stat -c %s "$here/counters-$layout.zip") bytes; $out"
done
