#!/usr/bin/env python3
"""Medians and means of an A/B directory of jmh-ab.sh: score and thread CPU per event, and rounds where each is lower."""
import glob, json, os, statistics as st, sys
d = sys.argv[1]
r = {}
for f in sorted(glob.glob(os.path.join(d, '*.json'))):
    name, rnd = os.path.basename(f)[:-5].rsplit('-', 1)
    m = json.load(open(f))[0]
    r.setdefault(name, {})[int(rnd)] = (m['primaryMetric']['score'], m['secondaryMetrics']['cpu.time.norm']['score'])
for name, rounds in r.items():
    for i, label in ((0, 'ns/event'), (1, 'CPU ns/event')):
        xs = [rounds[k][i] for k in sorted(rounds)]
        print(f"{name:10} {label:13} {' '.join(f'{x:5.1f}' for x in xs)}  median {st.median(xs):.2f} mean {st.mean(xs):.2f}")
a, b = list(r)
for i, label in ((0, 'score'), (1, 'CPU')):
    print(f"{b} lower than {a} ({label}) in {sum(r[b][k][i] < r[a][k][i] for k in r[a])} of {len(r[a])} rounds")
