# On-CPU time inside each traced system call (perf script of sched_switch plus sys_enter/sys_exit of the calls).
# usage: syscalls.py PERF_SCRIPT_OUTPUT
import sys
from perf_events import switches_and_calls
on = {}; cpu_time = {}; calls = []; comm = {}
for ev in switches_and_calls(sys.argv[1]):
    if ev[0] == 'switch':
        _, cpu, t, pc, p, st, nc, n = ev
        comm[p] = pc; comm[n] = nc
        if p in on:
            cpu_time.setdefault(p, []).append((on.pop(p), t))
        on[n] = t
    else:
        calls.append(ev[1:])
def oncpu(tid, a, b):
    return sum(max(0, min(y, b) - max(x, a)) for x, y in cpu_time.get(tid, []))
stats = {}
for tid, name, t0, t1 in calls:
    stats.setdefault(name, []).append((t1 - t0, oncpu(tid, t0, t1), t0, comm.get(tid, str(tid))))
for name, l in stats.items():
    l.sort(key=lambda x: -x[1])
    print(name, 'n=', len(l), 'wall sum %.1f ms' % (1e3 * sum(x[0] for x in l)), 'cpu sum %.1f ms' % (1e3 * sum(x[1] for x in l)),
          'callers', sorted(set(x[3] for x in l)))
    for w, c, t0, who in l[:6]:
        print('   wall %.2f ms cpu %.2f ms at %.4f %s' % (w * 1e3, c * 1e3, t0, who))
