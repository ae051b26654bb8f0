#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
/* Holds GIB gibibytes of touched, locked-in-use anonymous memory until killed. */
int main(int argc, char **argv) {
    size_t gib = (size_t)atol(argv[1]);
    size_t n = gib << 30;
    char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); return 1; }
    for (size_t i = 0; i < n; i += 4096) p[i] = 1;
    printf("holding %zu GiB\n", gib); fflush(stdout);
    for (;;) pause();
}
