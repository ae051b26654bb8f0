# On-CPU time inside each traced system call (perf script of sched_switch plus sys_enter/sys_exit of the calls).
# usage: syscalls.py PERF_SCRIPT_OUTPUT
import re, sys
on = {}; cpu_time = {}; calls = []; open_call = {}; comm = {}
for line in open(sys.argv[1]):
    m = re.match(r'\s*(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s*(.*)', line)
    if not m:
        continue
    tid = int(m.group(1)); t = float(m.group(3)); ev = m.group(4); tr = m.group(5)
    if ev == 'sched:sched_switch':
        pm = re.search(r'prev_comm=(.*) prev_pid=(\d+) .*next_comm=(.*) next_pid=(\d+)', tr)
        p = int(pm.group(2)); n = int(pm.group(4)); comm[p] = pm.group(1); comm[n] = pm.group(3)
        if p in on:
            cpu_time.setdefault(p, []).append((on.pop(p), t))
        on[n] = t
    elif '_enter_' in ev:
        open_call[tid] = (ev.split('_enter_')[1], t)
    elif '_exit_' in ev and tid in open_call:
        name, t0 = open_call.pop(tid); calls.append((tid, name, t0, t))
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
