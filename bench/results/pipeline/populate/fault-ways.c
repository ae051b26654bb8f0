// Build: cc -O2 -o fault-ways fault-ways.c ; run: DIR=/path/on/the/journal/fs/prefix ./fault-ways (default /tmp/ft/f)
// ns per 4 KiB page to make a new region of a sparse ext4 file writable through a shared mapping, several ways.
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
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#define SIZE (64L << 20)
#define PAGE 4096L
static double now_ns(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static int fd; static char path[4096];
static char *fresh(int advice){
  static int n; snprintf(path,sizeof path,"%s.%d",getenv("DIR")?getenv("DIR"):"/tmp/ft/f",n++);
  fd=open(path,O_RDWR|O_CREAT|O_TRUNC,0600); if(fd<0||ftruncate(fd,SIZE)){perror(path);exit(1);}
  char *f=mmap(NULL,SIZE,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); if(advice>=0) madvise(f,SIZE,advice); return f;}
static void done(char *f){munmap(f,SIZE);close(fd);unlink(path);}
int main(void){
  for(int rep=0;rep<2;rep++){
  char *f; double t; volatile char *p; volatile long sink=0;
  f=fresh(MADV_RANDOM); p=f; t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) sink+=p[o]; for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L); printf("random  read then CAS   %7.0f ns/page\n",(now_ns()-t)/(SIZE/PAGE)); done(f);
  f=fresh(MADV_RANDOM); t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L); printf("random  CAS only        %7.0f ns/page\n",(now_ns()-t)/(SIZE/PAGE)); done(f);
  f=fresh(MADV_SEQUENTIAL); p=f; t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) sink+=p[o]; double r=(now_ns()-t)/(SIZE/PAGE); for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L); printf("seq     read then CAS   %7.0f ns/page (read %0.0f)\n",(now_ns()-t)/(SIZE/PAGE),r); done(f);
  f=fresh(-1); p=f; t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) sink+=p[o]; r=(now_ns()-t)/(SIZE/PAGE); for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L); printf("normal  read then CAS   %7.0f ns/page (read %0.0f)\n",(now_ns()-t)/(SIZE/PAGE),r); done(f);
  f=fresh(MADV_RANDOM); t=now_ns(); for(long o=0;o<SIZE;o+=(1<<20)) madvise(f+o,1<<20,MADV_POPULATE_WRITE); printf("random  POPULATE_WRITE  %7.0f ns/page\n",(now_ns()-t)/(SIZE/PAGE)); done(f);
  f=fresh(-1); t=now_ns(); for(long o=0;o<SIZE;o+=(1<<20)) madvise(f+o,1<<20,MADV_POPULATE_WRITE); printf("normal  POPULATE_WRITE  %7.0f ns/page\n",(now_ns()-t)/(SIZE/PAGE)); done(f);
  {static char zeros[1<<20]; f=fresh(MADV_RANDOM); t=now_ns(); for(long o=0;o<SIZE;o+=sizeof zeros) pwrite(fd,zeros,sizeof zeros,o); r=(now_ns()-t)/(SIZE/PAGE); for(long o=0;o<SIZE;o+=PAGE) __sync_bool_compare_and_swap((long*)(f+o),0L,0L); printf("pwrite0 then CAS        %7.0f ns/page (pwrite %0.0f)\n",(now_ns()-t)/(SIZE/PAGE),r); done(f);}
  {static char zeros[1<<20]; f=fresh(-1); t=now_ns(); for(long o=0;o<SIZE;o+=sizeof zeros) pwrite(fd,zeros,sizeof zeros,o); r=(now_ns()-t)/(SIZE/PAGE); for(long o=0;o<SIZE;o+=(1<<20)) madvise(f+o,1<<20,MADV_POPULATE_WRITE); printf("pwrite0 then POP_WRITE  %7.0f ns/page (pwrite %0.0f)\n",(now_ns()-t)/(SIZE/PAGE),r); done(f);}
  f=fresh(-1); t=now_ns(); for(long o=0;o<SIZE;o+=PAGE) f[o]=0; printf("normal  plain store     %7.0f ns/page\n",(now_ns()-t)/(SIZE/PAGE)); done(f);
  }
  return 0;}
