// ns per 4 KiB page to memcpy 64 KiB blocks into a shared file mapping that was made writable beforehand, several ways.
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#define SIZE (128L << 20)
#define PAGE 4096L
#define BLOCK (64L << 10)
static double now_ns(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static int fd; static char path[4096]; static char src[BLOCK];
static char *fresh(void){
  static int n; snprintf(path,sizeof path,"/tmp/ft/c.%d",n++);
  fd=open(path,O_RDWR|O_CREAT|O_TRUNC,0600); if(fd<0||ftruncate(fd,SIZE)){perror(path);exit(1);}
  char *f=mmap(NULL,SIZE,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); madvise(f,SIZE,MADV_RANDOM); return f;}
static void done(char *f){munmap(f,SIZE);close(fd);unlink(path);}
static void pin(int cpu){cpu_set_t s;CPU_ZERO(&s);CPU_SET(cpu,&s);pthread_setaffinity_np(pthread_self(),sizeof s,&s);}
static double copy(char *f){double t=now_ns(); for(long o=0;o<SIZE;o+=BLOCK) memcpy(f+o,src,BLOCK); return (now_ns()-t)/(SIZE/PAGE);}
static void populate(char *f){for(long o=0;o<SIZE;o+=(1<<20)) madvise(f+o,1<<20,MADV_POPULATE_WRITE);}
static void touch(char *f){for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L);}
static char *arg; static int mode;
static void *other(void *x){pin(1); if(mode==0) populate(arg); else touch(arg); return NULL;}
static void on_other(char *f,int m){pthread_t t; arg=f; mode=m; pthread_create(&t,NULL,other,NULL); pthread_join(t,NULL);}
int main(void){
  pin(0); memset(src,7,BLOCK);
  for(int rep=0;rep<3;rep++){
    char *f; double a,b;
    f=fresh(); populate(f); a=copy(f); b=copy(f); printf("populate same cpu:  first copy %6.0f ns/page, second %6.0f\n",a,b); done(f);
    f=fresh(); on_other(f,0); a=copy(f); b=copy(f); printf("populate other cpu: first copy %6.0f ns/page, second %6.0f\n",a,b); done(f);
    f=fresh(); touch(f); a=copy(f); b=copy(f); printf("CAS-touch same cpu: first copy %6.0f ns/page, second %6.0f\n",a,b); done(f);
    f=fresh(); on_other(f,1); a=copy(f); b=copy(f); printf("CAS-touch other:    first copy %6.0f ns/page, second %6.0f\n",a,b); done(f);
    f=fresh(); a=copy(f); b=copy(f); printf("no prefault:        first copy %6.0f ns/page, second %6.0f\n",a,b); done(f);
    {char *m=mmap(NULL,SIZE,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0); a=copy(m); b=copy(m); printf("anonymous:          first copy %6.0f ns/page, second %6.0f\n",a,b); munmap(m,SIZE);}
  }
  return 0;}
