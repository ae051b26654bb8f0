import os, sys, time, mmap
mode=sys.argv[1]; seconds=float(sys.argv[2]); rate=12.5e6; step=4<<20
flags=os.O_WRONLY | (os.O_DIRECT if mode=='direct' else 0)
fd=os.open('/tmp/io/pre.bin', flags)
buf=mmap.mmap(-1, step); buf.write(os.urandom(step))
size=512*step; off=0; t0=time.monotonic(); n=0
while time.monotonic()-t0 < seconds:
    os.pwrite(fd, buf, off)
    if mode=='buffered': os.fdatasync(fd)
    off=(off+step)%size; n+=1
    nxt=t0+n*step/rate
    d=nxt-time.monotonic()
    if d>0: time.sleep(d)
print(mode, n*step/(time.monotonic()-t0)/1e6, 'MB/s')
