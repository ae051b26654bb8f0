import sys, collections, re
f, pat = sys.argv[1], sys.argv[2]
tot=0; incl=collections.Counter(); selfc=collections.Counter()
for line in open(f):
    stack, n = line.rsplit(' ',1); n=int(n)
    frames = stack.split(';')
    if not re.search(pat, frames[0]): continue
    tot+=n
    seen=set()
    for fr in frames[1:]:
        short=fr.split('/')[-1]
        if short not in seen: incl[short]+=n; seen.add(short)
    selfc[frames[-1].split('/')[-1]]+=n
print("total", tot)
print("-- inclusive")
for k,v in incl.most_common(45): print(f"{100*v/tot:5.1f}% {k}")
print("-- self")
for k,v in selfc.most_common(30): print(f"{100*v/tot:5.1f}% {k}")
