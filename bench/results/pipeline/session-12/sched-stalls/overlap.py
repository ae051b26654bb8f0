# Long sleeps (> 0.5 ms) of the shard and feed threads that overlap (within 0.5 ms after) a traced system call.
# usage: overlap.py PERF_SCRIPT_OUTPUT
import re, sys
comm = {}; slept = {}; sleeps = []; calls = []; opn = {}
for line in open(sys.argv[1]):
    m = re.match(r'\s*(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)', line)
    if not m:
        continue
    tid = int(m.group(1)); t = float(m.group(3)); ev = m.group(4); tr = m.group(5)
    if ev == 'sched:sched_switch':
        pm = re.search(r'prev_comm=(.*) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.*) next_pid=(\d+)', tr)
        p, st, nc, n = int(pm.group(2)), pm.group(3), pm.group(4), int(pm.group(5))
        comm[p] = pm.group(1); comm[n] = nc
        if not st.startswith('R'):
            slept[p] = t
        if n in slept:
            t0 = slept.pop(n)
            if (nc.startswith('concurrengine') or nc.startswith('bench-pub')) and t - t0 > 0.0005:
                sleeps.append((t0, t))
    elif '_enter_' in ev:
        opn[tid] = (ev.split('_enter_')[1], t)
    elif '_exit_' in ev and tid in opn:
        nm, t0 = opn.pop(tid); calls.append((t0, t, nm))
T0 = min(c[0] for c in calls); T1 = max(c[1] for c in calls)
for name in sorted(set(c[2] for c in calls)):
    cs = [c for c in calls if c[2] == name]
    cover = sum(c[1] - c[0] for c in cs) / (T1 - T0)
    hit = sum(1 for a, b in sleeps if any(c[0] < b and c[1] + 0.0005 > a for c in cs))
    print(f"{name}: in progress {cover * 100:.1f} % of the time; long sleeps overlapping one (+0.5 ms): {hit}/{len(sleeps)}")
print("any of them:", sum(1 for a, b in sleeps if any(c[0] < b and c[1] + 0.0005 > a for c in calls)), "of", len(sleeps))
