# Per shard and feed thread: sleeps that ended > 0.5 ms after they began, and waits after being preempted.
# usage: stalls.py PERF_SCRIPT_OUTPUT
import collections, sys
from perf_events import switches, is_pipeline_thread
comm={}; slept={}; pre={}; sl=collections.defaultdict(list); pw=collections.defaultdict(list)
running={}; busy=collections.Counter()
for cpu,t,pc,p,st,nc,n in switches(sys.argv[1]):
    comm[p]=pc; comm[n]=nc
    if cpu in running:
        tid,since=running[cpu]; busy[comm.get(tid,'?').split('/')[0]]+=t-since
    running[cpu]=(n,t)
    if st.startswith('R'): pre[p]=t
    else: slept[p]=t
    if n in slept: sl[n].append(t-slept.pop(n))
    if n in pre: pw[n].append(t-pre.pop(n))
def excess(l,L): return sum(max(0,d-L) for d in l)*1e3
for tid in sl:
    name=comm.get(tid,'?')
    if not is_pipeline_thread(name): continue
    s=sl[tid]; w=pw.get(tid,[])
    print(f"{name}/{tid}: sleep>0.5ms n={sum(1 for d in s if d>0.0005)} excess>0.3ms {excess(s,0.0003):.1f} ms | preempt-wait>0.2ms n={sum(1 for d in w if d>0.0002)} sum {sum(d for d in w)*1e3:.1f} ms excess>0.3ms {excess(w,0.0003):.1f} ms")
print("cpu time by comm (ms):", ", ".join(f"{k} {v*1e3:.0f}" for k,v in busy.most_common(12)))
