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
    /// A pair of the terminal's own colours for text without a role, when colours are on: switching from a
    /// colour to it is one short colour code, while switching to no pair at all is a colour reset plus sgr0.
    private let defaultPair: Int16
    private var shutDown = false
    /// Cells written to the terminal since start (a benchmark reads it to show diffing pays).
    public private(set) var cellsWritten = 0
    /// Cells written by each `draw`, in order.
    public private(set) var cellsWrittenPerFrame: [Int] = []
    /// Frames drawn by scrolling part of the previous one (`RowScroll`) before writing the changed cells.
    public private(set) var scrolledFrames = 0

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
        var plainPair: Int16 = 0
        if detected.colors != .none, start_color() == OK {
            if use_default_colors() == OK, init_pair(6, -1, -1) == OK { plainPair = 6 }
            let colors: [(ColorRole, Int16)] = [(.ok, Int16(COLOR_GREEN)), (.warning, Int16(COLOR_YELLOW)),
                                                (.error, Int16(COLOR_RED)), (.accent, Int16(COLOR_CYAN)),
                                                (.muted, Int16(COLOR_BLUE))]
            for (index, (role, color)) in colors.enumerated() {
                let pair = Int16(index + 1)
                if init_pair(pair, color, -1) == OK { pairs[role] = pair }
            }
        }
        colorPairs = pairs
        defaultPair = plainPair
    }

    public var size: TerminalSize {
        TerminalSize(width: Int(kepedge_curses_columns()), height: Int(kepedge_curses_rows()))
    }

    public var inputFileDescriptor: Int32 { STDIN_FILENO }

    public func invalidate() {
        previous = nil
        clearok(kepedge_curses_stdscr(), true)
    }

    /// Writes only the cells that differ from the previous frame, then refreshes once. When rows of the previous
    /// frame reappear shifted (a message pane with a new line), they are scrolled within their region first,
    /// so only the new rows are written: a few dozen bytes instead of rewriting every row of the pane.
    public func draw(_ grid: CellGrid) {
        var last = previous.flatMap { $0.size == grid.size ? $0 : nil }
        if let before = last, let scroll = RowScroll.find(from: before, to: grid) {
            let window = kepedge_curses_stdscr()
            _ = wsetscrreg(window, Int32(scroll.top), Int32(scroll.bottom))
            _ = scrollok(window, true)
            _ = wscrl(window, Int32(scroll.lines))
            _ = scrollok(window, false)
            _ = wsetscrreg(window, 0, Int32(grid.height - 1))
            // The vacated rows hold blanks now; a cell no frame has makes the loop below write every one of them.
            last = scroll.applied(to: before, fill: Cell("\u{FFFF}"))
            scrolledFrames += 1
        }
        var written = 0
        var currentStyle: CellStyle?
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isWideContinuation { continue }
                if let last, last[x, y] == cell, !(x + 1 < grid.width && last[x + 1, y] != grid[x + 1, y] && grid[x + 1, y].isWideContinuation) {
                    continue
                }
                if currentStyle != cell.style, !(currentStyle.map { Self.looksTheSame(blank: cell, in: $0) } ?? false) {
                    apply(cell.style)
                    currentStyle = cell.style
                }
                _ = cell.text.withCString { kepedge_curses_put(Int32(y), Int32(x), $0) }
                written += 1
            }
        }
        if let cursor = grid.cursor {
            curs_set(1)
            _ = leaveok(kepedge_curses_stdscr(), false)
            _ = kepedge_curses_move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
            // A hidden cursor may stay wherever the last write left it: no move at the end of every frame.
            _ = leaveok(kepedge_curses_stdscr(), true)
        }
        _ = wnoutrefresh(kepedge_curses_stdscr())
        _ = doupdate()
        previous = grid
        cellsWrittenPerFrame.append(written)
        cellsWritten += written
    }

    /// A space shows only its background, and every colour pair here has the terminal's own: drawn in the style
    /// already set it looks the same, and saves switching attributes off and on around it (each switch out of
    /// bold or dim is a full reset, sgr0, then the new attributes: most of a steady frame's bytes).
    static func looksTheSame(blank cell: Cell, in current: CellStyle) -> Bool {
        cell.text == " " && !cell.style.reverse && !cell.style.underline && !current.reverse && !current.underline
    }

    private func apply(_ style: CellStyle) {
        var attributes = kepedge_curses_attr_normal()
        let pair = style.role.flatMap { colorPairs[$0] } ?? defaultPair
        if style.bold { attributes |= kepedge_curses_attr_bold() }
        if style.reverse { attributes |= kepedge_curses_attr_reverse() }
        // Dim only where the role has no colour: the colour already marks muted text, and leaving dim on costs a
        // full attribute reset at the end of every muted run (the pane's borders and times, on every new line).
        if style.dim, pair == defaultPair { attributes |= kepedge_curses_attr_dim() }
        if style.underline { attributes |= kepedge_curses_attr_underline() }
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
