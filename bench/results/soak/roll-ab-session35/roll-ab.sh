#!/usr/bin/env bash
# Session 35: what the shard threads pay in page faults around journal rolls. The soak at 1 M inputs/s with minutely
# cycles (a roll every minute per shard), VARIANTS="name=jar ..." in alternating processes, each ROUND_SECONDS.
# First run: the jar of 870e4da (before) against 19dac1f (after: the maintenance thread prepares a new cycle file
# from the writer's position in it); then c6f3356 (refresh: pages made writable ahead are made writable again).
# Beside each run, every 5 s: the minor and major page faults of the shard threads and of the journal maintenance
# threads (from /proc/PID/task/TID/stat; comm is cut to 15 characters, so both shards sum into one line).
set -uo pipefail
OUT=${OUT:-/work/main/bench/results/soak/roll-ab-session35}
ROUNDS=${ROUNDS:-2}
ROUND_SECONDS=${ROUND_SECONDS:-360}
VARIANTS=${VARIANTS:-"before=/tmp/s35/old/tools/target/concurrengine.jar after=/tmp/s35/new/tools/target/concurrengine.jar"}
declare -A JAR; names=()
for v in $VARIANTS; do JAR[${v%%=*}]=${v#*=}; names+=("${v%%=*}"); done
printf '[journal]\nroll_cycle = "minutely"\nretain_cycles = 2\n' > /tmp/s35/minutely.toml
# CYCLES=soak: the soak's own five-minute cycles instead
config=(--config /tmp/s35/minutely.toml); [ "${CYCLES:-minutely}" = soak ] && config=()
faults() { # pid -> "shard_min shard_maj maint_min maint_maj"
  local pid=$1 smin=0 smaj=0 mmin=0 mmaj=0 comm rest f
  for t in /proc/$pid/task/*; do
    comm=$(cat $t/comm 2>/dev/null) || continue
    rest=$(sed 's/^.*) //' $t/stat 2>/dev/null) || continue
    read -r -a f <<< "$rest"   # f[0] is field 3 (state): minflt is field 10, majflt field 12
    case "$comm" in
      concurrengine-s*) smin=$((smin + f[7])); smaj=$((smaj + f[9])) ;;
      journal-maint*) mmin=$((mmin + f[7])); mmaj=$((mmaj + f[9])) ;;
    esac
  done
  echo "$smin $smaj $mmin $mmaj"
}
for round in $(seq 1 "$ROUNDS"); do
  order=("${names[@]}")
  if [ $((round % 2)) = 0 ]; then order=(); for ((i = ${#names[@]} - 1; i >= 0; i--)); do order+=("${names[$i]}"); done; fi
  for name in "${order[@]}"; do
    dir=$OUT/$name-$round; mkdir -p "$dir"; rm -rf /tmp/s35/soakj
    echo "== $name round $round $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) cpus=$(nproc)" >> "$OUT/environment.txt"
    java -jar "${JAR[$name]}" soak "${config[@]}" --duration "${ROUND_SECONDS}s" --rate 1000000 \
      --journal /tmp/s35/soakj --report "$dir" > "$dir/run.txt" 2>&1 &
    jpid=$!
    echo "seconds shard_minflt shard_majflt maint_minflt maint_majflt" > "$dir/faults.txt"
    start=$(date +%s)
    while kill -0 $jpid 2>/dev/null; do
      pid=$(pgrep -P $jpid java || echo $jpid)
      echo "$(( $(date +%s) - start )) $(faults $jpid)" >> "$dir/faults.txt"
      sleep 5
    done
    wait $jpid; echo "exit=$?" >> "$dir/run.txt"
  done
done
echo "== done $(date -u +%FT%TZ)" >> "$OUT/environment.txt"
