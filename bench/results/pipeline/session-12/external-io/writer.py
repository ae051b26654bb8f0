# Writes RATE bytes/s to PATH in 64 KiB write() calls for SECONDS, with fdatasync and a page-cache drop every 4 MiB;
# usage: writer.py PATH RATE SECONDS (the disk traffic of a paced 1 M events/s journal, from another process)
import os, sys, time
path=sys.argv[1]; rate=float(sys.argv[2]); secs=float(sys.argv[3])
fd=os.open(path, os.O_CREAT|os.O_WRONLY|os.O_TRUNC, 0o644)
buf=os.urandom(65536); n=0; t0=time.monotonic()
while time.monotonic()-t0 < secs:
    os.write(fd, buf); n+=1
    if n % 64 == 0:
        os.fdatasync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    due=t0+n*65536/rate
    d=due-time.monotonic()
    if d>0: time.sleep(d)
os.close(fd); os.unlink(path)
