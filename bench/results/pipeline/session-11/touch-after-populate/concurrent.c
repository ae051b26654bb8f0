// writer on cpu 0 copies 64 KiB blocks; helper on cpu 1 keeps LEAD bytes ahead: populate-write (+ optional read touch)
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#define MADV_POPULATE_WRITE 23
#define SIZE (256L << 20)
#define PAGE 4096L
#define BLOCK (64L << 10)
#define STEP (1L << 20)
static double now_ns(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static void pin(int cpu){cpu_set_t s;CPU_ZERO(&s);CPU_SET(cpu,&s);pthread_setaffinity_np(pthread_self(),sizeof s,&s);}
static char *f; static _Atomic long wpos, hpos; static int touchmode; static long lead; static char src[BLOCK];
static void *helper(void *x){pin(1); long p=0; volatile long sink=0;
  while(p<SIZE){ if(p<atomic_load(&wpos)+lead){ madvise(f+p,STEP,MADV_POPULATE_WRITE);
      if(touchmode) for(long o=p;o<p+STEP;o+=PAGE) sink+=((volatile char*)f)[o];
      p+=STEP; atomic_store(&hpos,p);} else usleep(200);} return NULL;}
int main(int argc,char**argv){ pin(0); memset(src,7,BLOCK);
  for(int rep=0;rep<2;rep++) for(touchmode=0;touchmode<2;touchmode++) for(lead=2*STEP; lead<=16*STEP; lead*=8){
    int fd=open("/tmp/ft/conc",O_RDWR|O_CREAT|O_TRUNC,0600); ftruncate(fd,SIZE);
    f=mmap(NULL,SIZE,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); madvise(f,SIZE,MADV_RANDOM);
    atomic_store(&wpos,0); atomic_store(&hpos,0); pthread_t t; pthread_create(&t,NULL,helper,NULL);
    while(atomic_load(&hpos)<lead) usleep(100);
    long waits=0; double t0=now_ns(), inside=0;
    for(long o=0;o<SIZE;o+=BLOCK){ while(o+BLOCK>atomic_load(&hpos)) waits++; {double a=now_ns(); memcpy(f+o,src,BLOCK); inside+=now_ns()-a;} atomic_store(&wpos,o+BLOCK);}
    double ns=(now_ns()-t0)/(SIZE/PAGE); pthread_join(t,NULL);
    printf("touch=%d lead=%2ld MiB: writer %6.0f ns/page, inside memcpy %6.0f\n",touchmode,lead>>20,ns,inside/(SIZE/PAGE));
    munmap(f,SIZE); close(fd); unlink("/tmp/ft/conc"); }
  return 0;}
