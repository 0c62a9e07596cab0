#include "cncurses.h"
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <langinfo.h>

static volatile sig_atomic_t cn_stop = 0;
static volatile sig_atomic_t cn_continued = 0;

static void cn_on_stop(int sig) { cn_stop = sig; }
static void cn_on_cont(int sig) { (void)sig; cn_continued = 1; }

void cn_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = cn_on_stop;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = cn_on_cont;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCONT, &sa, NULL);
}

int cn_stop_signal(void) { return cn_stop; }

int cn_take_continued(void) {
    int c = cn_continued;
    cn_continued = 0;
    return c;
}

void cn_suspend_self(void) {
    /* SIGSTOP cannot be caught, so the stop happens even though SIGTSTP may be ignored by curses. */
    raise(SIGSTOP);
}

static struct termios cn_saved_modes;
static int cn_tty_fd = -1;

static void cn_on_crash(int sig) {
    static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
    if (cn_tty_fd >= 0) {
        tcsetattr(cn_tty_fd, TCSANOW, &cn_saved_modes);
        ssize_t ignored = write(cn_tty_fd, reset, sizeof reset - 1);
        (void)ignored;
    }
    /* SA_RESETHAND put the default action back: die of the same signal, with its core dump. */
    raise(sig);
}

void cn_install_crash_restore(int fd) {
    if (tcgetattr(fd, &cn_saved_modes) != 0) return;
    cn_tty_fd = fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = cn_on_crash;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &sa, NULL);
}

int cn_locale_is_utf8(void) {
    const char *set = nl_langinfo(CODESET);
    return set != NULL && (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
}
