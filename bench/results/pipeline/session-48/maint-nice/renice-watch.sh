#!/usr/bin/env bash
# Renice, as soon as they appear, the journal maintenance threads (comm "journal-maint-*") of every java process whose
# command line holds MARKER (a -D option given to one ab.sh variant only), to NICE (19 by default), or with POLICY=idle
# put them in SCHED_IDLE instead. Each thread is changed once and logged to LOG. Runs until killed. It polls five times
# a second and reads with shell builtins only (a first version forked a `cat` per thread every 20 ms, which cost the
# measured processes a third of a core).
#   MARKER=-Dab.maint=nice LOG=out/reniced.txt ./renice-watch.sh
set -u
: "${MARKER:?}" "${LOG:?}"
NICE=${NICE:-19}
POLICY=${POLICY:-nice}
declare -A done
while true; do
  for pid in $(pgrep -f -- "$MARKER"); do  # one fork a round
    for task in /proc/"$pid"/task/*; do
      tid=${task##*/}
      [ -n "${done[$tid]:-}" ] && continue
      read -r comm < "$task/comm" 2>/dev/null || continue
      case "$comm" in
        journal-maint*)
          if [ "$POLICY" = idle ]; then chrt -i -p 0 "$tid" >/dev/null 2>&1; else renice -n "$NICE" -p "$tid" >/dev/null 2>&1; fi
          echo "$(date -u +%FT%T.%3NZ) pid=$pid tid=$tid comm=$comm policy=$POLICY nice=$NICE rc=$?" >> "$LOG"
          done[$tid]=1 ;;
      esac
    done
  done
  sleep 0.2
done
