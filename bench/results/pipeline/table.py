#!/usr/bin/env python3
"""One row per burst run of the PipelineBenchmark JSON files in the directories given: rate and CPU per event."""
import glob, json, os, sys
print('| file | run | events/s | shard CPU ns/event | feed CPU ns/input | maintenance CPU ns/event | process CPU ns/event |')
print('|---|---|---|---|---|---|---|')
for d in sys.argv[1:] or ['.']:
    for f in sorted(glob.glob(os.path.join(d, '*.json'))):
        burst = (lambda j: j if isinstance(j, dict) else {})(json.load(open(f))).get('burst')
        for r in burst.get('runs', []) if isinstance(burst, dict) else []:
            c = r['cpu']
            print('| %s | %s | %.2f M | %.0f | %.0f | %.0f | %.0f |' % (
                os.path.basename(f)[:-5], r.get('name', r.get('pipeline', '')) if isinstance(r.get('name'), str) else
                '%s %s %s' % (r.get('pipeline', ''), r.get('model', ''), 'journal' if r.get('journal') else 'nojournal'),
                r['eventsPerSecond'] / 1e6, c['shardNanosPerEvent'], c['publisherNanosPerInput'],
                c.get('journalMaintenanceNanosPerEvent', 0), c['processNanosPerEvent']))
