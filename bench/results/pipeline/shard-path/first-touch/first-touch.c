// What a first touch of a 4 KiB page costs on this machine: the work the journal's maintenance thread does for every
// new page of a cycle file. Touches every page of a 256 MiB region once, three ways, and prints ns per page:
//   anon-new:    an anonymous private mapping, first write to each page (kernel allocates and zeroes it)
//   anon-again:  the same, after munmap and mmap again (pages freed a moment ago, reallocated)
//   file-write:  a new sparse file on the given directory's file system, shared mapping, first write to each page
//                (page-cache page allocated, zeroed, file system's page_mkwrite), as the journal's pages are
//   file-again:  the same file's pages again after munmap and mmap (in the page cache: mapping faults only)
// build: cc -O2 -o first-touch first-touch.c ; run: ./first-touch DIR
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define SIZE (256L << 20)
#define PAGE 4096L

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double touch(volatile char *p) {
    double start = now_ns();
    for (long off = 0; off < SIZE; off += PAGE) p[off] = 1;
    return (now_ns() - start) / (SIZE / PAGE);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    char *a = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("anon-new    %8.0f ns/page\n", touch(a));
    munmap(a, SIZE);
    a = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("anon-again  %8.0f ns/page\n", touch(a));
    munmap(a, SIZE);

    char path[4096];
    snprintf(path, sizeof path, "%s/first-touch.%d", dir, getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, SIZE) != 0) { perror(path); return 1; }
    char *f = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    madvise(f, SIZE, MADV_RANDOM);
    printf("file-write  %8.0f ns/page\n", touch(f));
    munmap(f, SIZE);
    f = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    madvise(f, SIZE, MADV_RANDOM);
    printf("file-again  %8.0f ns/page\n", touch(f));
    munmap(f, SIZE);
    close(fd);
    unlink(path);
    return 0;
}
