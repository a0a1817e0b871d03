// Wide ncurses for Swift. SwiftPM would drop the -D flags that ncursesw.pc carries (so the target
// does not use pkg-config at all); the wide API
// (cchar_t, wget_wch, mvaddwstr) must be switched on here, before curses.h is read.
#ifndef KEPEDGE_CNCURSESW_SHIM_H
#define KEPEDGE_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <curses.h>

// Globals flagged as shared mutable state by Swift 6, and macros the importer cannot expand.
static inline WINDOW *kepedge_curses_stdscr(void) { return stdscr; }
static inline attr_t kepedge_curses_attr_bold(void) { return A_BOLD; }
static inline attr_t kepedge_curses_attr_reverse(void) { return A_REVERSE; }
static inline attr_t kepedge_curses_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t kepedge_curses_attr_dim(void) { return A_DIM; }
static inline attr_t kepedge_curses_attr_normal(void) { return A_NORMAL; }
static inline int kepedge_curses_color_pair(int n) { return (int)COLOR_PAIR(n); }

#endif
