#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>
#include <time.h>
#include <pthread.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
#define SZ (256L<<20)
static char *map; static char blk[65536];
static void *popw(void*a){ if(madvise(map,SZ,MADV_POPULATE_WRITE)) perror("madvise"); return 0;}
static void *touchw(void*a){ for(long i=0;i<SZ;i+=4096) __atomic_fetch_add((long*)(map+i),0,__ATOMIC_SEQ_CST); return 0;}
static volatile long sink; static void *readw(void*a){ long x=0; for(long i=0;i<SZ;i+=4096) x+=*(volatile long*)(map+i); sink=x; return 0;}
static double copyall(){ double t=now(); for(long o=0;o<SZ;o+=65536) memcpy(map+o,blk,65536); return (now()-t)/(SZ/4096);}
int main(int argc,char**argv){
  memset(blk,7,sizeof blk);
  const char* mode=argv[1];
  int fd=open(argv[2],O_RDWR|O_CREAT|O_TRUNC,0644); ftruncate(fd,SZ);
  map=mmap(0,SZ,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0);
  pthread_t th; double t=now();
  if(!strcmp(mode,"none")){}
  else if(!strcmp(mode,"popself")) popw(0);
  else if(!strcmp(mode,"popother")){pthread_create(&th,0,popw,0);pthread_join(th,0);}
  else if(!strcmp(mode,"touchself")) touchw(0);
  else if(!strcmp(mode,"touchother")){pthread_create(&th,0,touchw,0);pthread_join(th,0);}
  else if(!strcmp(mode,"popthentouch")){pthread_create(&th,0,popw,0);pthread_join(th,0);pthread_create(&th,0,touchw,0);pthread_join(th,0);}
  else if(!strcmp(mode,"popthenread")){pthread_create(&th,0,popw,0);pthread_join(th,0);pthread_create(&th,0,readw,0);pthread_join(th,0);}
  double prep=(now()-t)/(SZ/4096);
  double c1=copyall(); double c2=copyall();
  printf("%-10s prep %7.0f ns/page  first copy %7.0f ns/page  second copy %7.0f ns/page\n",mode,prep,c1,c2);
  munmap(map,SZ); close(fd); unlink(argv[2]); return 0;}
