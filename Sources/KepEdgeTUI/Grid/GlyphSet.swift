/// The characters the screens draw with: Unicode box lines and ticks under a UTF-8 locale, ASCII
/// stand-ins on `TERM=linux`/`vt100` or a non-UTF-8 locale. Each status has its own glyph, so every
/// state can be read without colour.
public struct GlyphSet: Hashable, Sendable {
    public var topLeft, topRight, bottomLeft, bottomRight: String
    public var horizontal, vertical: String
    /// Result markers (connection pane, check results).
    public var ok, error, warning, bullet, empty, half: String
    /// Step bar markers.
    public var stepDone, stepCurrent, stepPending, stepStale, stepFailed, stepRunning: String
    /// Marks the focused field or action.
    public var focus: String
    /// Ends text cut short to fit.
    public var ellipsis: String
    /// Mark a text field's window when text is hidden before it / after it.
    public var hiddenBefore: String, hiddenAfter: String
    /// Replaces each character of a masked secret.
    public var mask: String
    public var arrowUp, arrowDown: String

    /// What a hidden secret shows: always eight mask glyphs, so its length is not given away.
    public var secretMask: String { String(repeating: mask, count: 8) }
    /// Spinner frames, shown in turn while an operation runs.
    public var spinner: [String]
    /// `hiddenBefore` and `hiddenAfter`, for `TextField.viewport(cutMarks:)`.
    public var fieldCutMarks: (left: String, right: String) { (hiddenBefore, hiddenAfter) }

    public static let unicode = GlyphSet(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│",
        ok: "✔", error: "✖", warning: "‼", bullet: "●", empty: "○", half: "◐",
        stepDone: "✔", stepCurrent: "●", stepPending: "○", stepStale: "‼", stepFailed: "✖", stepRunning: "◐",
        focus: "›", ellipsis: "…", hiddenBefore: "…", hiddenAfter: "…", mask: "•", arrowUp: "↑", arrowDown: "↓",
        spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"])

    public static let ascii = GlyphSet(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|",
        ok: "[ok]", error: "[x]", warning: "!", bullet: "*", empty: "o", half: "~",
        stepDone: "+", stepCurrent: "*", stepPending: "o", stepStale: "!", stepFailed: "x", stepRunning: "~",
        focus: ">", ellipsis: "~", hiddenBefore: "<", hiddenAfter: ">", mask: "*", arrowUp: "^", arrowDown: "v",
        spinner: ["|", "/", "-", "\\"])
}
