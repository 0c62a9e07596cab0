#ifndef CNCURSES_H
#define CNCURSES_H

/* The wide-character curses API (wget_wch, mvwaddnwstr) needs this before the header. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Accessors for what Swift cannot import: expression macros and C globals. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline attr_t cn_attr_normal(void) { return A_NORMAL; }
static inline attr_t cn_attr_bold(void) { return A_BOLD; }
static inline attr_t cn_attr_reverse(void) { return A_REVERSE; }
static inline attr_t cn_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_attr_dim(void) { return A_DIM; }
static inline attr_t cn_pair(short n) { return (attr_t)COLOR_PAIR(n); }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_key_f(int n) { return KEY_F(n); }
static inline void cn_size(WINDOW *w, int *rows, int *cols) { getmaxyx(w, *rows, *cols); }

/* Signals: the handlers only record the number; the console loop reads and clears it each tick. */
void cn_install_signal_handlers(void);
/* The last SIGINT/SIGTERM/SIGHUP received, or 0 (it stays set: the loop ends on it). */
int cn_stop_signal(void);
/* Whether SIGCONT arrived since the last call (the terminal must be redrawn). */
int cn_take_continued(void);
/* Stops the process group as Ctrl-Z in a shell would (SIGTSTP), after the caller has called endwin(). */
void cn_suspend_self(void);

/* Crash path: on SIGSEGV/SIGBUS/SIGILL/SIGTRAP/SIGABRT/SIGFPE, restore the terminal modes saved now from
   `fd` (call before curses changes them) and leave the alternate screen, using only async-signal-safe
   calls, then pass the signal to the previous handler. */
void cn_install_crash_restore(int fd);
/* Puts the previous crash handlers back (before the terminal's descriptor is closed). */
void cn_uninstall_crash_restore(void);
/* Whether the locale's character set is UTF-8 (after setlocale). */
int cn_locale_is_utf8(void);

#endif
