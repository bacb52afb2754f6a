// Swift's Glibc module does not export renameat2 (it needs _GNU_SOURCE), so it is wrapped here.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include "system_shims.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

int quire_remove_detached(const char *path) {
    static const char *const rm = "/bin/rm";
    if (access(rm, X_OK) != 0) return -1;
    // Forked twice, so that the deleting process is no child of the caller (nothing to reap,
    // no zombie while a test process goes on); only async-signal-safe calls after fork.
    pid_t child = fork();
    if (child < 0) return -1;
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            setsid();
            execl(rm, "rm", "-rf", "--", path, (char *)0);
            _exit(127);
        }
        _exit(grandchild < 0 ? 1 : 0);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

#if defined(__linux__)
#include <malloc.h>
#include <sys/syscall.h>
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

long long quire_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    return (long long)(info.uordblks + info.hblkhd);
#else
    return -1;
#endif
}
#else
void quire_release_free_memory(void) {}

long long quire_heap_in_use(void) { return -1; }

int quire_exchange_paths(const char *first, const char *second) {
    (void)first; (void)second;
    errno = ENOSYS;
    return -1;
}
#endif
