/// How many colours the screens may use.
public enum ColorSupport: String, Hashable, Sendable {
    case none, basic, extended256
}

/// What the terminal can show, decided from the environment alone (and, once curses is up, from
/// `has_colors()`), so the decision is a pure function that tests can pin.
public struct TerminalCapabilities: Hashable, Sendable {
    public var unicode: Bool
    public var colors: ColorSupport

    public init(unicode: Bool, colors: ColorSupport) {
        self.unicode = unicode
        self.colors = colors
    }

    public var glyphs: GlyphSet { unicode ? .unicode : .ascii }

    /// Terminals whose fonts have no box-drawing or tick glyphs (the Linux console's default font, real VTs).
    static let asciiTerminals: Set<String> = ["linux", "vt100", "vt102", "vt220", "vt52", "dumb", "ansi", "cons25"]

    /// Decides from `LC_ALL`/`LC_CTYPE`/`LANG` (POSIX precedence: the first one set wins), `TERM` and
    /// `NO_COLOR` (any non-empty value turns colour off, per no-color.org). `terminalHasColors` is curses'
    /// `has_colors()` when known; nil decides from `TERM` alone.
    public static func detect(environment: [String: String], terminalHasColors: Bool? = nil) -> TerminalCapabilities {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let normalizedLocale = locale.lowercased().replacingOccurrences(of: "-", with: "")
        let utf8Locale = normalizedLocale.contains("utf8")
        let term = (environment["TERM"] ?? "").lowercased()
        let asciiTerminal = term.isEmpty || asciiTerminals.contains(term)
        let unicode = utf8Locale && !asciiTerminal

        let colors: ColorSupport
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            colors = .none
        } else if term.isEmpty || term == "dumb" || terminalHasColors == false {
            colors = .none
        } else if term.contains("256color") || term.contains("direct") {
            colors = .extended256
        } else if terminalHasColors == true || term.hasPrefix("xterm") || term.hasPrefix("screen")
                    || term.hasPrefix("tmux") || term == "linux" || term.contains("color") || term.hasPrefix("rxvt") {
            colors = .basic
        } else {
            colors = .none
        }
        return TerminalCapabilities(unicode: unicode, colors: colors)
    }
}
