#!/usr/bin/env bash
# A/B of benchmark jars (or JVM options) in alternating processes, order reversed every other round.
#   VARIANTS="name=jar[:jvm-option,...] ..."  OUT=dir  ROUNDS=n  ./ab.sh <PipelineBenchmark arguments>
# Program arguments for one variant only: ARGS_<name>="--set k=v" (names made of letters, digits and _); a journal
# work directory for one variant only: WORK_<name>=dir (e.g. on tmpfs).
# Each process writes OUT/<name>-<round>.json (its --name) and appends its result lines to OUT/ab.txt; the load and
# time before each process go to OUT/environment.txt. Run from the repository root.
set -uo pipefail
: "${VARIANTS:?VARIANTS=\"name=jar[:jvm-option,...] ...\"}" "${OUT:?OUT=result directory}"
ROUNDS=${ROUNDS:-2}
WORK=${WORK:-/tmp/concurrengine-ab}
. "$(dirname "$0")/jvm-flags.sh"
mkdir -p "$OUT"
read -r -a variants <<< "$VARIANTS"
for round in $(seq 1 "$ROUNDS"); do
  order=("${variants[@]}")
  if [ $((round % 2)) = 0 ]; then
    order=(); for ((i = ${#variants[@]} - 1; i >= 0; i--)); do order+=("${variants[$i]}"); done
  fi
  for spec in "${order[@]}"; do
    name=${spec%%=*}; rest=${spec#*=}; jar=${rest%%:*}; opts=()
    [ "$rest" != "$jar" ] && IFS=, read -r -a opts <<< "${rest#*:}"
    echo "== $name round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)" >> "$OUT/environment.txt"
    extra_var="ARGS_$name"; read -r -a extra <<< "${!extra_var:-}"
    work_var="WORK_$name"; work=${!work_var:-$WORK}
    rm -rf "$work/j"
    java "${FLAGS[@]}" "${opts[@]}" -Xmx8g -cp "$jar" $MAIN "$@" "${extra[@]}" --out "$OUT" --name "$name-$round" --work "$work/j" 2>&1 \
      | grep --line-buffered -E '^(burst|paced|sustained)' | sed "s/^/$name round=$round /" | tee -a "$OUT/ab.txt"
  done
done
