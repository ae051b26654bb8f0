# Long sleeps (> 0.5 ms) of the shard and feed threads that overlap (within 0.5 ms after) a traced system call.
# usage: overlap.py PERF_SCRIPT_OUTPUT
import sys
from perf_events import switches_and_calls, is_pipeline_thread
slept = {}; sleeps = []; calls = []
for ev in switches_and_calls(sys.argv[1]):
    if ev[0] == 'switch':
        _, cpu, t, pc, p, st, nc, n = ev
        if not st.startswith('R'):
            slept[p] = t
        if n in slept:
            t0 = slept.pop(n)
            if is_pipeline_thread(nc) and t - t0 > 0.0005:
                sleeps.append((t0, t))
    else:
        _, tid, nm, t0, t1 = ev
        calls.append((t0, t1, nm))
T0 = min(c[0] for c in calls); T1 = max(c[1] for c in calls)
for name in sorted(set(c[2] for c in calls)):
    cs = [c for c in calls if c[2] == name]
    cover = sum(c[1] - c[0] for c in cs) / (T1 - T0)
    hit = sum(1 for a, b in sleeps if any(c[0] < b and c[1] + 0.0005 > a for c in cs))
    print(f"{name}: in progress {cover * 100:.1f} % of the time; long sleeps overlapping one (+0.5 ms): {hit}/{len(sleeps)}")
print("any of them:", sum(1 for a, b in sleeps if any(c[0] < b and c[1] + 0.0005 > a for c in calls)), "of", len(sleeps))
