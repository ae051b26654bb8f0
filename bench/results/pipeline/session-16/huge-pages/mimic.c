#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <time.h>
#define MB (1L<<20)
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static long meminfo(const char*name){FILE*f=fopen("/proc/meminfo","r");char l[256];long v=-1;while(fgets(l,256,f)){if(!strncmp(l,name,strlen(name))){v=atol(l+strlen(name)+1);} }fclose(f);return v;}
// env: GROW=0/1 (grow file per chunk vs truncate big upfront), OVER=0/1 (populate overlap through previous chunk), FIRST=n (writer touches first n MiB itself before advice)
int main(){
  int grow=atoi(getenv("GROW")?:"1"), over=atoi(getenv("OVER")?:"1"), first=atoi(getenv("FIRST")?:"0");
  long chunk=4*MB, ov=1*MB, nchunks=32, step=64*1024;
  const char*path="/tmp/thp/m.bin"; unlink(path); int fd=open(path,O_RDWR|O_CREAT,0644);
  if(!grow) ftruncate(fd, nchunks*chunk+ov);
  char*maps[64]={0};
  long h0=meminfo("FileHugePages:");
  double t0=now();
  for(long k=0;k<nchunks;k++){
    if(grow){ struct stat st; fstat(fd,&st); if(st.st_size < k*chunk+chunk+ov) ftruncate(fd,k*chunk+chunk+ov); }
    // map at 2MiB-aligned address
    char*b=mmap(NULL,chunk+ov+2*MB,PROT_NONE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
    char*a=(char*)(((unsigned long)b+2*MB-1)&~(2*MB-1)); munmap(b,chunk+ov+2*MB);
    maps[k]=mmap(a,chunk+ov,PROT_READ|PROT_WRITE,MAP_SHARED|MAP_FIXED,fd,k*chunk);
    if(k==0 && first) { for(long o=0;o<first*MB;o+=4096) maps[0][o]=1; }
    madvise(maps[k],chunk+ov,MADV_HUGEPAGE);
    for(long o=(k==0&&first?first*MB:0);o<chunk;o+=step){
      madvise(maps[k]+o,step,23);
      if(over && k>0 && o<ov) madvise(maps[k-1]+chunk+o,step,23);
    }
  }
  double t1=now();
  printf("grow=%d over=%d first=%d: %.2f us/page, FileHugePages +%ld kB of %ld kB\n",grow,over,first,(t1-t0)/1e3/(nchunks*chunk/4096),meminfo("FileHugePages:")-h0,nchunks*chunk/1024);
  for(long k=0;k<nchunks;k++) munmap(maps[k],chunk+ov);
  close(fd); unlink(path); return 0;}
