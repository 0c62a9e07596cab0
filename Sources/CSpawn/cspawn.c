#define _GNU_SOURCE
#include "cspawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/// Runs in the child between fork and exec: only async-signal-safe calls. Never returns.
static void child(const char *path, char *const argv[], char *const envp[], const char *cwd,
                  unsigned long long limit, int out_w, int err_w, int report_w, pid_t parent, int max_fd) {
    int e = 0;
    // Killed when the thread that forked it ends: the engine's reader thread for this process, which ends only
    // after reaping it, or with the engine itself (kill -9 included).
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) goto fail;
    if (getppid() != parent) _exit(127);
    setpgid(0, 0);
    // Every signal was blocked across fork, so none of the engine's handlers runs here: reset them, then unblock.
    for (int s = 1; s < NSIG; s++) {
        if (s == SIGKILL || s == SIGSTOP) continue;
        signal(s, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (limit > 0) {
        struct rlimit r = { .rlim_cur = limit, .rlim_max = limit };
        if (setrlimit(RLIMIT_AS, &r) != 0) goto fail;
    }
    if (cwd && chdir(cwd) != 0) goto fail;
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd < 0) goto fail;
    if (dup2(null_fd, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0) goto fail;
    // Everything above 2 closes at exec, the report pipe included (it is close-on-exec already).
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = 3; fd < max_fd; fd++) if (fd != report_w) fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    execve(path, argv, envp);
fail:
    e = errno;
    (void)!write(report_w, &e, sizeof e);
    _exit(127);
}

pid_t ingest_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                   unsigned long long address_space_bytes, int *stdout_fd, int *stderr_fd) {
    int out[2], err[2], report[2];
    if (pipe2(out, O_CLOEXEC) != 0) return -errno;
    if (pipe2(err, O_CLOEXEC) != 0) { int e = errno; close(out[0]); close(out[1]); return -e; }
    if (pipe2(report, O_CLOEXEC) != 0) {
        int e = errno; close(out[0]); close(out[1]); close(err[0]); close(err[1]); return -e;
    }
    pid_t parent = getpid();
    // Without close_range (kernels before 5.11) the child marks descriptors up to the open-file limit.
    struct rlimit files;
    int max_fd = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur < (1 << 20)
        ? (int)files.rlim_cur : (1 << 20);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) child(path, argv, envp, cwd, address_space_bytes, out[1], err[1], report[1], parent, max_fd);
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(out[1]);
    close(err[1]);
    close(report[1]);
    if (pid < 0) {
        close(out[0]); close(err[0]); close(report[0]);
        return -fork_errno;
    }
    int child_errno = 0;
    ssize_t n;
    do { n = read(report[0], &child_errno, sizeof child_errno); } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_errno) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        close(out[0]);
        close(err[0]);
        return -(child_errno ? child_errno : ECHILD);
    }
    *stdout_fd = out[0];
    *stderr_fd = err[0];
    return pid;
}

int ingest_poll2(int a, int b, int timeout_ms) {
    struct pollfd fds[2] = { { .fd = a, .events = POLLIN }, { .fd = b, .events = POLLIN } };
    int r = poll(fds, 2, timeout_ms);
    if (r < 0) return errno == EINTR ? 0 : -errno;
    int mask = 0;
    if (a >= 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) mask |= 1;
    if (b >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) mask |= 2;
    return mask;
}

int ingest_try_reap(pid_t pid, int *status) {
    pid_t r;
    do { r = waitpid(pid, status, WNOHANG); } while (r < 0 && errno == EINTR);
    if (r < 0) return -errno;
    return r == pid ? 1 : 0;
}

int ingest_exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

int ingest_term_signal(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }
