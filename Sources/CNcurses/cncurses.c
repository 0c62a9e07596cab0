#include "cncurses.h"
#include <signal.h>
#include <string.h>

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
