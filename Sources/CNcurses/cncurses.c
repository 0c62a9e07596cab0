#include "cncurses.h"
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <langinfo.h>
#include <sys/types.h>

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
    /* Job control as a shell expects it: stop the whole process group with SIGTSTP at its default action
       (curses' own handler is set aside for the moment), and put it back once continued. */
    struct sigaction dfl, previous;
    memset(&dfl, 0, sizeof dfl);
    sigemptyset(&dfl.sa_mask);
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGTSTP, &dfl, &previous);
    kill(0, SIGTSTP);
    sigaction(SIGTSTP, &previous, NULL);
}

static struct termios cn_saved_modes;
static volatile sig_atomic_t cn_tty_fd = -1;
static const int cn_crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
#define CN_CRASH_COUNT (sizeof cn_crash_signals / sizeof cn_crash_signals[0])
static struct sigaction cn_previous[CN_CRASH_COUNT];

static void cn_on_crash(int sig) {
    /* Reset attributes, show the cursor, leave keypad-transmit mode and the alternate screen. */
    static const char reset[] = "\033[0m\033[?25h\033[?1l\033>\033[?1049l\r\n";
    int fd = cn_tty_fd;
    if (fd >= 0) {
        tcsetattr(fd, TCSANOW, &cn_saved_modes);
        ssize_t ignored = write(fd, reset, sizeof reset - 1);
        (void)ignored;
    }
    /* Hand the signal to whoever had it before (the Swift runtime's backtracer, or the default action). */
    for (unsigned i = 0; i < CN_CRASH_COUNT; i++) {
        if (cn_crash_signals[i] == sig) sigaction(sig, &cn_previous[i], NULL);
    }
    raise(sig);
}

void cn_install_crash_restore(int fd) {
    if (tcgetattr(fd, &cn_saved_modes) != 0) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = cn_on_crash;
    sa.sa_flags = SA_NODEFER;
    for (unsigned i = 0; i < CN_CRASH_COUNT; i++) sigaction(cn_crash_signals[i], &sa, &cn_previous[i]);
    cn_tty_fd = fd;
}

void cn_uninstall_crash_restore(void) {
    if (cn_tty_fd < 0) return;
    cn_tty_fd = -1;
    for (unsigned i = 0; i < CN_CRASH_COUNT; i++) sigaction(cn_crash_signals[i], &cn_previous[i], NULL);
}

int cn_locale_is_utf8(void) {
    const char *set = nl_langinfo(CODESET);
    return set != NULL && (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
}
