// Swift's Glibc module does not export renameat2 (it needs _GNU_SOURCE), so it is wrapped here.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include "system_shims.h"

#if defined(__linux__)
#include <malloc.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int quire_exchange_paths(const char *first, const char *second) {
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
}

void quire_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
#else
void quire_release_free_memory(void) {}

int quire_exchange_paths(const char *first, const char *second) {
    (void)first; (void)second;
    errno = ENOSYS;
    return -1;
}
#endif
