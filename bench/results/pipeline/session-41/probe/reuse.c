// ns per 4 KiB page for a first write to each page of fresh anonymous memory, six rounds: with 0, each round right
// after the previous round unmapped its pages; with N, N seconds later (free page reporting may have returned them).
// Usage: reuse MIB SECONDS
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
int main(int argc,char**argv){
  size_t mb=atoi(argv[1]); int sleeps=atoi(argv[2]);
  size_t n=mb<<20;
  for(int r=0;r<6;r++){
    char*p=mmap(0,n,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
    madvise(p,n,MADV_NOHUGEPAGE);
    double t0=now();
    for(size_t i=0;i<n;i+=4096)p[i]=1;
    double t1=now();
    munmap(p,n);
    printf("round %d: %.0f ns/page\n",r,(t1-t0)/(n/4096));
    if(sleeps) sleep(sleeps);
  }
}
