#ifndef INGEST_CSPAWN_H
#define INGEST_CSPAWN_H

#include <sys/types.h>

/// Starts the executable at `path` (an absolute path) with `argv` and `envp` (both NULL-terminated) in the
/// directory `cwd`, for a function's execution environment:
/// - in a process group of its own (its pid), so the whole group can be killed at once;
/// - killed (PR_SET_PDEATHSIG) when the calling thread ends, so call it from a thread that outlives the child;
/// - with every signal at its default disposition and none blocked (the engine ignores SIGPIPE, and an
///   ignored signal would stay ignored across exec);
/// - with RLIMIT_AS set to `address_space_bytes` when it is not 0 (the function's MemorySize);
/// - stdin from /dev/null, stdout and stderr into two new pipes whose read ends (close-on-exec) are stored
///   in `*stdout_fd` and `*stderr_fd`;
/// - no other descriptor of the engine's inherited.
/// Returns the child's pid, or -errno when the pipes, fork, chdir or exec failed (the child is reaped then).
pid_t ingest_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                   unsigned long long address_space_bytes, int *stdout_fd, int *stderr_fd);

/// Waits up to `timeout_ms` for either descriptor to be readable or closed; -1 in a descriptor skips it.
/// Returns a bit mask: 1 when `a` is ready, 2 when `b` is ready; 0 on timeout, -errno on error.
int ingest_poll2(int a, int b, int timeout_ms);

/// Reaps the child if it has exited, without blocking. Returns 1 and stores its wait status in `*status`
/// when it was reaped, 0 when it is still running, -errno on error.
int ingest_try_reap(pid_t pid, int *status);

/// The exit code of a wait status, or -1 when the process did not exit normally.
int ingest_exit_code(int status);
/// The signal that ended the process, or 0 when it was not ended by a signal.
int ingest_term_signal(int status);

#endif
