#!/usr/bin/env python3
"""Per variant of an ab.sh directory's ab.txt: events/s of each run, inputs per batch and shard CPU per event, means."""
import collections, re, statistics as st, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1] + '/ab.txt'):
    variant = line.split()[0]
    rate = float(re.search(r'([\d,]+) ev/s', line).group(1).replace(',', '')) / 1e6
    shard = int(re.search(r'shard (\d+) ns/ev', line).group(1))
    batch = float(re.search(r'batch ([\d.]+) in', line).group(1))
    runs[variant].append((rate, shard, batch))
for variant, rs in runs.items():
    print(f"{variant:8} " + ', '.join(f'{r:.2f} ({b:.0f}; {s} ns)' for r, s, b in rs) +
          f"  mean {st.mean(r for r, _, _ in rs):.2f} M events/s, shard {st.mean(s for _, s, _ in rs):.1f} ns/event")
if len(runs) == 2:
    (a, ra), (b, rb) = runs.items()
    print(f"{a} / {b}: {100 * st.mean(r for r, _, _ in ra) / st.mean(r for r, _, _ in rb):.1f} %")
