#!/usr/bin/env python3
"""Print one row per run of the burst JSON files in this directory (or the directory given)."""
import glob, json, os, sys
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
print('| run | events/s | shard CPU ns/event | feed CPU ns/input | maintenance CPU ns/event | process CPU ns/event |')
print('|---|---|---|---|---|---|')
for f in sorted(glob.glob(os.path.join(d, '*.json'))):
    data = json.load(open(f))
    for r in data.get('burst', {}).get('runs', []):
        c = r['cpu']
        print('| %s | %.2f M | %.0f | %.0f | %.0f | %.0f |' % (os.path.basename(f)[:-5], r['eventsPerSecond'] / 1e6,
              c['shardNanosPerEvent'], c['publisherNanosPerInput'], c['journalMaintenanceNanosPerEvent'],
              c['processNanosPerEvent']))
