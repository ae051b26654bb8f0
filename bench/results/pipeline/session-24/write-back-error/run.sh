#!/usr/bin/env bash
# The README's main command with its journal on a disk that starts failing writes (eio-setup.sh), for the jar of
# the previous session (old.jar, c7a3c48) and this session's (new.jar); then replay --verify once the page cache is
# dropped, which reads what reached the device. Needs root. Usage: run.sh OUT LABEL RUN-OPTIONS...
set -u
here=$(dirname "$0")
out=$1; label=$2; shift 2
for v in ${VERSIONS:-old new}; do
  "$here/eio-setup.sh" down > /dev/null 2>&1
  "$here/eio-setup.sh" up > /dev/null
  log="$out/$label-$v.log"
  echo "== $v.jar $(date -u +%FT%TZ): run --journal /mnt/eio/$v $*" > "$log"
  timeout 300 java -jar "/tmp/s24/$v.jar" run --journal "/mnt/eio/$v" "$@" >> "$log" 2>&1
  echo "exit=$?" >> "$log"
  sync; echo 3 > /proc/sys/vm/drop_caches
  echo "== replay --verify after dropping the page cache" >> "$log"
  timeout 300 java -jar "/tmp/s24/$v.jar" replay "/mnt/eio/$v" --verify >> "$log" 2>&1
  echo "exit=$?" >> "$log"
  echo "== kernel log" >> "$log"
  dmesg | grep -i "ext4\|loop0" | tail -4 >> "$log"
done
"$here/eio-setup.sh" down > /dev/null 2>&1
