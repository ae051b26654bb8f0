#!/bin/bash
# Regenerates the golden journals of older format versions (README.md beside this script says what they are).
# Each is written by the release that last wrote its version: that commit is cloned, built (never installed) and run.
#
#   make-fixtures.sh [REPO] [VERSION...]     e.g. make-fixtures.sh /work/main 4
#
# REPO is a clone holding the commits (default: this repository); VERSIONs default to all (1 2 3 4 5). Each version gives
# journal-vN.zip (the run's journal directory) and journal-vN.txt (the command, its summary, the old inspect's record
# counts per shard and the old replay --verify) beside this script. Needs git, Maven, zip and the JDK on PATH.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "${1:-$here}" && git rev-parse --show-toplevel)
shift || true
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1 2 3 4 5)

# the last commit that wrote each version: the parent of the commit that raised FORMAT_VERSION past it; the current
# version, which no commit has raised yet, is written by REPO's HEAD
declare -A next=([1]=a2f71b1 [2]=9899c04 [3]=799902f [4]=7419aaa)
# the run: the market model's synthetic flow, paced so that its event times span 3 s and its timers (time-in-force
# expiries, 1 s bar closes) fire, on 2 shards with a fixed seed
args=(run --events 3000 --rate 1000 --shards 2 --seed 7 --journal journal --no-counters)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for v in "${versions[@]}"; do
    if [ -n "${next[$v]:-}" ]; then
        commit=$(git -C "$repo" rev-parse "${next[$v]}^")
    else
        commit=$(git -C "$repo" rev-parse HEAD)
    fi
    src="$work/src-v$v"
    git clone -q "$repo" "$src"
    git -C "$src" checkout -q "$commit"
    (cd "$src" && mvn -B -o -q -pl tools -am package -DskipTests > "$work/build-v$v.log" 2>&1) ||
        { cat "$work/build-v$v.log"; exit 1; }
    jar="$src/tools/target/concurrengine.jar"
    run="$work/run-v$v"
    mkdir "$run"
    out="$here/journal-v$v.txt"
    {
        echo "format version $v, written by $(git -C "$src" log -1 --format='%h %cs %s' | cut -c1-100)"
        echo "commit $commit"
        echo "jdk $(java -version 2>&1 | head -1)"
        echo "command java -jar tools/target/concurrengine.jar ${args[*]}"
        echo
        echo "## run"
        (cd "$run" && java -jar "$jar" "${args[@]}" 2>&1)
        echo
        echo "## inspect: records per shard and kind, and per shard the SHA-256 of its records as inspect prints them"
        echo "## without their position (' @file#document/index block=N') or a type's name ('type=2(Execute)')"
        (cd "$run" && java -jar "$jar" inspect journal --limit 1000000 > inspect.txt)
        awk '/^# shard/ { shard = $3; next } { count[shard " " $1]++ } END { for (k in count) print k, count[k] }' \
            "$run/inspect.txt" | sort
        sed -e 's/ @[^ ]* block=[0-9]*$//' -e 's/ type=\([0-9]*\)([^)]*)/ type=\1/' "$run/inspect.txt" |
            awk -v dir="$run" '/^# shard/ { file = dir "/records-" $3; print $3 > dir "/shards"; next } { print > file }'
        while read -r shard; do
            echo "$shard sha256 $(sha256sum < "$run/records-$shard" | cut -d' ' -f1)"
        done < "$run/shards"
        echo
        echo "## replay --verify"
        (cd "$run" && java -jar "$jar" replay journal --verify 2>&1) || echo "exit $?"
    } > "$out"
    rm -f "$here/journal-v$v.zip"
    (cd "$run" && zip -q -9 -r -X "$here/journal-v$v.zip" journal)
    echo "journal-v$v.zip $(stat -c %s "$here/journal-v$v.zip") bytes; $out"
done
