import time, sys
def steal():
    with open('/proc/stat') as f:
        p = f.readline().split()
    return int(p[8])  # cpu total steal, USER_HZ
out = open(sys.argv[1], 'a')
last = time.monotonic(); s0 = steal()
while True:
    time.sleep(0.005)
    now = time.monotonic()
    gap = now - last
    if gap > 0.03:
        s1 = steal()
        out.write("%.3f gap=%.1fms steal+=%d\n" % (time.time(), gap * 1000, s1 - s0)); out.flush()
        s0 = s1
    else:
        s0 = steal() if int(now) != int(last) else s0
    last = now
