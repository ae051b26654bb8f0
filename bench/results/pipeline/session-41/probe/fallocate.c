// ns per 4 KiB page of what the journal's maintenance thread does to a new cycle file, on a sparse file (as Chronicle
// makes it) or on one whose blocks were allocated first with fallocate: MADV_POPULATE_READ, then MADV_POPULATE_WRITE,
// in 1 MiB steps; then a store into every page; then sync_file_range(WAIT_BEFORE|WRITE|WAIT_AFTER) in 4 MiB steps.
// The fallocate itself is timed too. Usage: fallocate DIR MIB ROUNDS
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
int main(int argc,char**argv){
  const char*dir=argv[1]; long n=atol(argv[2])<<20; int rounds=atoi(argv[3]); long pages=n/4096;
  char path[4096];
  for(int r=0;r<rounds;r++) for(int pre=0;pre<2;pre++){
    snprintf(path,sizeof path,"%s/falloc-probe.%d",dir,pre);
    int fd=open(path,O_RDWR|O_CREAT|O_TRUNC,0600); if(fd<0){perror(path);return 1;}
    double t0=now();
    if(pre){ if(fallocate(fd,0,0,n)){perror("fallocate");return 1;} } else if(ftruncate(fd,n)){perror("ftruncate");return 1;}
    double t1=now();
    char*p=mmap(0,n,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0); madvise(p,n,MADV_RANDOM);
    for(long o=0;o<n;o+=1<<20) madvise(p+o,1<<20,MADV_POPULATE_READ);
    double t2=now();
    for(long o=0;o<n;o+=1<<20) madvise(p+o,1<<20,MADV_POPULATE_WRITE);
    double t3=now();
    for(long o=0;o<n;o+=4096) p[o]=1;
    double t4=now();
    for(long o=0;o<n;o+=4<<20) sync_file_range(fd,o,4<<20,SYNC_FILE_RANGE_WAIT_BEFORE|SYNC_FILE_RANGE_WRITE|SYNC_FILE_RANGE_WAIT_AFTER);
    double t5=now();
    printf("%-9s round %d: allocate %6.0f, populate read %6.0f, populate write %6.0f, store %4.0f, write back %6.0f ns/page; total %6.0f\n",
      pre?"fallocate":"sparse",r,(t1-t0)/pages,(t2-t1)/pages,(t3-t2)/pages,(t4-t3)/pages,(t5-t4)/pages,(t5-t0)/pages);
    munmap(p,n); close(fd); unlink(path);
  }
  return 0;
}
