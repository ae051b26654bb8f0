#!/usr/bin/env bash
# renice each new journal maintenance thread to $1, checking once a second with one ps
n=${1:-19}; declare -A done
while true; do
  for tid in $(ps -eLo tid=,comm= | awk '$2 ~ /^journal-maint/ {print $1}'); do
    [ -n "${done[$tid]:-}" ] && continue; renice -n "$n" -p "$tid" >/dev/null 2>&1; done[$tid]=1
  done
  sleep 1
done
