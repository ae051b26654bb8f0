#define _GNU_SOURCE
#include <fcntl.h>
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
  static int n; snprintf(path,sizeof path,"/tmp/ft/t.%d",n++);
  fd=open(path,O_RDWR|O_CREAT|O_TRUNC,0600); if(fd<0||ftruncate(fd,SIZE)){perror(path);exit(1);}
  char *f=mmap(NULL,SIZE,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); madvise(f,SIZE,MADV_RANDOM); return f;}
static void done(char *f){munmap(f,SIZE);close(fd);unlink(path);}
static double copy(char *f){double t=now_ns(); for(long o=0;o<SIZE;o+=BLOCK) memcpy(f+o,src,BLOCK); return (now_ns()-t)/(SIZE/PAGE);}
int main(void){
  memset(src,7,BLOCK);
  for(int rep=0;rep<3;rep++){
    char *f; double t,p,q; volatile long sink=0;
    f=fresh(); t=now_ns(); for(long o=0;o<SIZE;o+=(1<<20)) madvise(f+o,1<<20,MADV_POPULATE_WRITE); p=(now_ns()-t)/(SIZE/PAGE);
    t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L); q=(now_ns()-t)/(SIZE/PAGE);
    printf("populate %5.0f + CAS %5.0f ns/page; copy after %5.0f\n",p,q,copy(f)); done(f);
    f=fresh(); t=now_ns(); for(long o=0;o<SIZE;o+=(1<<20)) madvise(f+o,1<<20,MADV_POPULATE_WRITE); p=(now_ns()-t)/(SIZE/PAGE);
    t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) sink+=((volatile char*)f)[o]; q=(now_ns()-t)/(SIZE/PAGE);
    printf("populate %5.0f + read %5.0f ns/page; copy after %5.0f\n",p,q,copy(f)); done(f);
    f=fresh(); t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L); q=(now_ns()-t)/(SIZE/PAGE);
    printf("CAS only %5.0f ns/page; copy after %5.0f\n",q,copy(f)); done(f);
    f=fresh(); t=now_ns(); for(long o=0;o<SIZE;o+=(1<<20)) madvise(f+o,1<<20,MADV_POPULATE_WRITE); p=(now_ns()-t)/(SIZE/PAGE);
    t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) ((volatile char*)f)[o]=0; q=(now_ns()-t)/(SIZE/PAGE);
    printf("populate %5.0f + store %5.0f ns/page; copy after %5.0f\n",p,q,copy(f)); done(f);
  }
  return 0;}
