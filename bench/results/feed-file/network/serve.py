import socket, sys, os
port=int(sys.argv[1]); path=sys.argv[2]
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR,1); s.bind(('127.0.0.1',port)); s.listen(1)
c,_=s.accept()
with open(path,'rb') as f: c.sendfile(f)
c.close()
