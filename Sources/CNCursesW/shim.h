// Wide ncurses for Swift. SwiftPM would drop the -D flags that ncursesw.pc carries (so the target
// does not use pkg-config at all); the wide API
// (cchar_t, wget_wch, mvaddwstr) must be switched on here, before curses.h is read.
#ifndef KEPEDGE_CNCURSESW_SHIM_H
#define KEPEDGE_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <stdio.h>
#include <curses.h>

// Globals flagged as shared mutable state by Swift 6, and macros the importer cannot expand.
static inline WINDOW *kepedge_curses_stdscr(void) { return stdscr; }
static inline attr_t kepedge_curses_attr_bold(void) { return A_BOLD; }
static inline attr_t kepedge_curses_attr_reverse(void) { return A_REVERSE; }
static inline attr_t kepedge_curses_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t kepedge_curses_attr_dim(void) { return A_DIM; }
static inline attr_t kepedge_curses_attr_normal(void) { return A_NORMAL; }
static inline int kepedge_curses_color_pair(int n) { return (int)COLOR_PAIR(n); }

// Drawing and input for the curses backend (macros or varargs in curses.h).
static inline int kepedge_curses_set_attributes(attr_t attributes, short pair) {
    return wattr_set(stdscr, attributes, pair, NULL);
}
static inline int kepedge_curses_put(int y, int x, const char *utf8) { return mvwaddstr(stdscr, y, x, utf8); }
static inline int kepedge_curses_move(int y, int x) { return wmove(stdscr, y, x); }
static inline int kepedge_curses_get_wide_char(unsigned int *character) {
    wint_t value = 0;
    int result = wget_wch(stdscr, &value);
    *character = (unsigned int)value;
    return result;
}
// newterm on the process's stdout/stdin (globals Swift 6 will not touch).
static inline SCREEN *kepedge_curses_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
// The mouse wheel only (buttons 4 and 5): clicks are not asked for, but terminals report them once any
// mouse mode is on, so plain drag-to-select needs Shift (xterm, VTE, tmux, iTerm2, Windows Terminal).
static inline mmask_t kepedge_curses_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t kepedge_curses_wheel_down(void) { return BUTTON5_PRESSED; }
static inline mmask_t kepedge_curses_enable_wheel(void) {
    mouseinterval(0);  // no click detection delay: a wheel notch is one event at once
    return mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
}
static inline int kepedge_curses_get_mouse(mmask_t *state) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *state = event.bstate;
    return OK;
}
static inline int kepedge_curses_rows(void) { return getmaxy(stdscr); }
static inline int kepedge_curses_columns(void) { return getmaxx(stdscr); }

#endif
