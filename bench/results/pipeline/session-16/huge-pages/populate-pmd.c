#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static long smaps_field(const char*name){FILE*f=fopen("/proc/self/smaps_rollup","r");char l[256];long v=-1;while(fgets(l,256,f)){if(!strncmp(l,name,strlen(name))){v=atol(l+strlen(name)+1);} }fclose(f);return v;}
int main(int argc,char**argv){
  int adv=atoi(argv[1]); long step=atol(argv[2]); long size=64L<<20; const char*path="/tmp/thp/g.bin";
  unlink(path); int fd=open(path,O_RDWR|O_CREAT,0644); ftruncate(fd,size);
  char*base=mmap(NULL,size+(2<<20),PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); munmap(base,size+(2<<20));
  char*m=(char*)(((unsigned long)base+(2<<20)-1)&~((2UL<<20)-1));
  m=mmap(m,size,PROT_READ|PROT_WRITE,MAP_SHARED|MAP_FIXED,fd,0);
  if(adv>=0) madvise(m,size,adv);
  if(argc>3) madvise(m,size,atoi(argv[3]));
  double t0=now(); for(long o=0;o<size;o+=step) madvise(m+o,step,23); double t1=now();
  printf("adv=%d %s step=%ld populate %.2f us/page PmdMapped=%ld kB\n",adv,argc>3?argv[3]:"",step,(t1-t0)/1e3/(size/4096),smaps_field("FilePmdMapped:"));
  munmap(m,size); close(fd); unlink(path); return 0;}
