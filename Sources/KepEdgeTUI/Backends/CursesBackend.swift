import CNCursesW
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal, through ncursesw. Create, use and shut it down on one thread only (the UI loop's).
public final class CursesBackend: TerminalBackend {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case cursesFailed(term: String)

        public var description: String {
            switch self {
            case .notATerminal:
                return "standard input/output is not a terminal; run kepedge in an interactive terminal, or use its subcommands"
            case .cursesFailed(let term):
                return "curses could not start for TERM=\(term.isEmpty ? "(unset)" : term); set TERM to your terminal type (e.g. xterm-256color)"
            }
        }
    }

    public let capabilities: TerminalCapabilities
    private var previous: CellGrid?
    private let colorPairs: [ColorRole: Int16]
    private var shutDown = false
    /// Cells written to the terminal since start (a benchmark reads it to show diffing pays).
    public private(set) var cellsWritten = 0
    /// Cells written by each `draw`, in order.
    public private(set) var cellsWrittenPerFrame: [Int] = []

    /// Starts curses on stdin/stdout. Call `TerminalRestore.saveAndInstallFallbacks()` first.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw StartError.notATerminal }
        setlocale(LC_ALL, "")  // before newterm, or UTF-8 is drawn as bytes
        guard let screen = kepedge_curses_newterm_stdio() else {
            throw StartError.cursesFailed(term: environment["TERM"] ?? "")
        }
        set_term(screen)
        cbreak()  // keeps ISIG: Ctrl-C is a signal, routed to the loop
        noecho()
        nonl()
        let window = kepedge_curses_stdscr()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        // The wheel scrolls the results. The price: once a terminal reports the mouse, a plain drag no longer
        // selects text; Shift+drag does (xterm, GNOME Terminal, Konsole, tmux, Windows Terminal). KEPEDGE_NO_MOUSE=1
        // leaves the mouse to the terminal.
        if environment["KEPEDGE_NO_MOUSE"].map({ $0.isEmpty || $0 == "0" }) ?? true { _ = kepedge_curses_enable_wheel() }
        // Home/End as other terminals (and tmux, screen, the Linux console, rxvt) send them, whatever TERM says.
        for (sequence, code) in [("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
                                  ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END)] {
            _ = define_key(sequence, Int32(code))
        }
        let detected = TerminalCapabilities.detect(environment: environment, terminalHasColors: has_colors())
        capabilities = detected
        var pairs: [ColorRole: Int16] = [:]
        if detected.colors != .none, start_color() == OK {
            _ = use_default_colors()
            let colors: [(ColorRole, Int16)] = [(.ok, Int16(COLOR_GREEN)), (.warning, Int16(COLOR_YELLOW)),
                                                (.error, Int16(COLOR_RED)), (.accent, Int16(COLOR_CYAN)),
                                                (.muted, Int16(COLOR_BLUE))]
            for (index, (role, color)) in colors.enumerated() {
                let pair = Int16(index + 1)
                if init_pair(pair, color, -1) == OK { pairs[role] = pair }
            }
        }
        colorPairs = pairs
    }

    public var size: TerminalSize {
        TerminalSize(width: Int(kepedge_curses_columns()), height: Int(kepedge_curses_rows()))
    }

    public var inputFileDescriptor: Int32 { STDIN_FILENO }

    public func invalidate() {
        previous = nil
        clearok(kepedge_curses_stdscr(), true)
    }

    /// Writes only the cells that differ from the previous frame, then refreshes once.
    public func draw(_ grid: CellGrid) {
        let last = previous.flatMap { $0.size == grid.size ? $0 : nil }
        var written = 0
        var currentStyle: CellStyle?
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isWideContinuation { continue }
                if let last, last[x, y] == cell, !(x + 1 < grid.width && last[x + 1, y] != grid[x + 1, y] && grid[x + 1, y].isWideContinuation) {
                    continue
                }
                if currentStyle != cell.style {
                    apply(cell.style)
                    currentStyle = cell.style
                }
                _ = cell.text.withCString { kepedge_curses_put(Int32(y), Int32(x), $0) }
                written += 1
            }
        }
        if let cursor = grid.cursor {
            curs_set(1)
            _ = kepedge_curses_move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        _ = wnoutrefresh(kepedge_curses_stdscr())
        _ = doupdate()
        previous = grid
        cellsWrittenPerFrame.append(written)
        cellsWritten += written
    }

    private func apply(_ style: CellStyle) {
        var attributes = kepedge_curses_attr_normal()
        if style.bold { attributes |= kepedge_curses_attr_bold() }
        if style.reverse { attributes |= kepedge_curses_attr_reverse() }
        if style.dim { attributes |= kepedge_curses_attr_dim() }
        if style.underline { attributes |= kepedge_curses_attr_underline() }
        let pair = style.role.flatMap { colorPairs[$0] } ?? 0
        _ = kepedge_curses_set_attributes(attributes, pair)
    }

    public func readKeys() -> [Key] {
        var keys: [Key] = []
        while true {
            var value: UInt32 = 0
            let result = kepedge_curses_get_wide_char(&value)
            if result == ERR { break }
            var input: CursesInput = result == KEY_CODE_YES ? .keyCode(Int32(bitPattern: value)) : .character(value)
            if input == .keyCode(CursesKeyCode.mouse) {
                var state: mmask_t = 0
                guard kepedge_curses_get_mouse(&state) == OK else { continue }
                input = .mouse(UInt(state))
            }
            if let key = KeyDecoder.decode(input) { keys.append(key) }
        }
        return keys
    }

    /// Ctrl-Z: the shell's terminal settings back, then stop; on `fg` curses takes the terminal again
    /// (`refresh` after `endwin` restores its modes) and the loop repaints.
    public func suspend() {
        guard !shutDown else { return }
        curs_set(1)
        endwin()
        TerminalRestore.restoreSavedSettings()
        TerminalRestore.stopUntilContinued()
        _ = refresh()
        previous = nil
        clearok(kepedge_curses_stdscr(), true)
    }

    public func shutdown() {
        guard !shutDown else { return }
        shutDown = true
        curs_set(1)
        endwin()
        TerminalRestore.disarm()
    }
}
