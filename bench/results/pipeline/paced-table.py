#!/usr/bin/env python3
"""One row per paced run of the PipelineBenchmark JSON files in the directories given: latency, feed lateness, CPU,
and the machine's steal time (cores; "-" in files from before it was recorded)."""
import glob, json, os, sys
ms = lambda v: '%.2f' % (v / 1e6) if v is not None else '-'
print('| file | run | rate | P50 ms | P99 ms | P99.9 ms | max ms | feed late P50 / P99 ms | maintenance CPU ns/event | steal cores |')
print('|---|---|---|---|---|---|---|---|---|---|')
for d in sys.argv[1:] or ['.']:
    for f in sorted(glob.glob(os.path.join(d, '*.json'))):
        paced = (lambda j: j if isinstance(j, dict) else {})(json.load(open(f))).get('paced')
        for r in paced.get('runs', []) if isinstance(paced, dict) else []:
            lat, late = r['latencyNanos'], r.get('feedLatenessNanos') or {}
            steal = r['cpu'].get('stealCores')
            print('| %s | %s %s %s | %s | %s | %s | %s | %s | %s / %s | %.0f | %s |' % (
                os.path.basename(f)[:-5], r['pipeline'], r['model'], 'journal' if r['journal'] else 'nojournal',
                r['targetRate'], ms(lat.get('p50')), ms(lat.get('p99')), ms(lat.get('p999')), ms(lat.get('max')),
                ms(late.get('p50')), ms(late.get('p99')), r['cpu'].get('journalMaintenanceNanosPerEvent', 0),
                '-' if steal is None else '%.3f' % steal))
