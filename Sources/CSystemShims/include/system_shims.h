#ifndef QUIRE_SYSTEM_SHIMS_H
#define QUIRE_SYSTEM_SHIMS_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0 on success,
/// -1 with errno set otherwise (ENOSYS/EINVAL where the kernel or file system lacks it).
int quire_exchange_paths(const char *first, const char *second);

/// Returns the heap's free pages to the system (glibc's malloc_trim, which Swift's Glibc
/// module does not export); does nothing elsewhere.
void quire_release_free_memory(void);

/// The bytes malloc has handed out and not had back (glibc's mallinfo2); -1 where unknown.
long long quire_heap_in_use(void);

/// Deletes the folder `path` in a detached process (`/bin/rm -rf`, in a session of its own, so
/// the terminal's Ctrl-C does not reach it and the caller need not wait). Returns 0 once it is
/// started, -1 when it cannot be (no /bin/rm, fork failed): then nothing was deleted.
int quire_remove_detached(const char *path);

#endif
