#!/usr/bin/env bash
# The README's main job (market model, journaled), 5 M inputs, with the tools jars of four commits in alternating
# order, order reversed every other round: 3533ea8 (session start), 7c495f9 (before the engine fixes), f8ef367 (the
# engine fixes) and 7a9d1c7 (this session's last code). Jars in /tmp/b21/<name>-tools.jar, built with
# `mvn -B -o -q package -DskipTests` in a worktree of each commit.
set -uo pipefail
for r in 1 2 3 4; do
  order="start pre-engine engine s21"; [ $((r % 2)) = 0 ] && order="s21 engine pre-engine start"
  for v in $order; do
    rm -rf j
    java -jar /tmp/b21/$v-tools.jar run --events 5000000 --journal j --no-counters --json 2>/dev/null |
      python3 -c "import json,sys; d=json.load(sys.stdin); print('$v r$r', round(d.get('eventsPerSecond',0)))"
  done
done
