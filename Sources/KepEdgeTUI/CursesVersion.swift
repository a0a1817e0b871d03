import CNCursesW

/// The ncurses library version, for `kepedge --version --verbose`.
public enum CursesVersion {
    public static var current: String {
        String(cString: curses_version())
    }
}
