# Long sleeps (> 0.5 ms) of the shard and feed threads by whether their CPU, or both, stayed idle meanwhile, and
# what ran on the sleeper's CPU. usage: cls.py PERF_SCRIPT_OUTPUT
import collections, sys
from perf_events import switches, is_pipeline_thread
comm={}; slept={}; sleeps=[]; running={}; hist=collections.defaultdict(list)
for cpu,t,pc,p,st,nc,n in switches(sys.argv[1]):
    comm[p]=pc; comm[n]=nc
    if cpu in running: hist[cpu].append((running[cpu][1],t,running[cpu][0]))
    running[cpu]=(n,t)
    if not st.startswith('R'): slept[p]=(t,cpu)
    if n in slept:
        t0,c0=slept.pop(n)
        if is_pipeline_thread(nc) and t-t0>0.0005: sleeps.append((t0,t,c0,cpu,nc))
cls=collections.Counter(); ex=collections.Counter()
for a,b,c0,c1,nc in sleeps:
    idle=collections.Counter()
    for c in (0,1):
        for x,y,tid in hist[c]:
            lo=max(x,a); hi=min(y,b)
            if hi>lo: idle[(c, comm.get(tid,'?').startswith('swapper'))]+=hi-lo
    d=b-a
    both_idle_frac=min(idle[(0,True)],idle[(1,True)])/d
    k='both cpus mostly idle' if both_idle_frac>0.5 else ('own cpu mostly idle' if idle[(c0,True)]/d>0.5 else 'cpu busy')
    cls[k]+=1; ex[k]+=d-0.0003
print(sys.argv[1], len(sleeps), {k:(v, round(ex[k]*1e3,1)) for k,v in cls.items()})
occ=collections.Counter()
for a,b,c0,c1,nc in sleeps:
    for x,y,tid in hist[c0]:
        lo=max(x,a); hi=min(y,b)
        if hi>lo: occ[comm.get(tid,'?')]+=hi-lo
print("on the sleeper's cpu during long sleeps (ms):", ", ".join(f"{k} {v*1e3:.1f}" for k,v in occ.most_common(12)))
