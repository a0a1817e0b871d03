import KepEdgeCore

/// One row of a step screen's body (inside the form box): a field, a row of buttons, or text.
public enum BodyLine: Equatable, Sendable {
    case field(label: String, editor: TextField, isSecret: Bool, isRevealed: Bool, isFocused: Bool)
    /// `disabled`: buttons that cannot run yet (drawn muted).
    case buttons([String], focused: Int?, disabled: Set<Int>)
    case text(String, style: CellStyle, indent: Int)
    case blank
}

/// Builds a body: wraps text to the box's width and remembers which line holds the focus.
public struct BodyBuilder {
    public let width: Int
    public private(set) var lines: [BodyLine] = []
    /// The line that must stay visible (the focused field or buttons).
    public private(set) var focusLine: Int?

    public init(width: Int) { self.width = width }

    public mutating func field(_ label: String, editor: TextField, isSecret: Bool, isRevealed: Bool, isFocused: Bool) {
        if isFocused { focusLine = lines.count }
        lines.append(.field(label: label, editor: editor, isSecret: isSecret, isRevealed: isRevealed, isFocused: isFocused))
    }

    public mutating func buttons(_ labels: [String], focused: Int?, disabled: Set<Int> = []) {
        if focused != nil { focusLine = lines.count }
        lines.append(.buttons(labels, focused: focused, disabled: disabled))
    }

    /// `text` wrapped to the width (less the indent); continuation lines indent two more.
    public mutating func text(_ text: String, style: CellStyle = .plain, indent: Int = 0) {
        // Continuation lines are indented two more, so wrap for the narrower of the two.
        let wrapped = CellGrid.wrap(text, width: max(10, width - indent - 2))
        for (index, line) in wrapped.enumerated() {
            lines.append(.text(index == 0 ? line : "  " + line, style: style, indent: indent))
        }
    }

    public mutating func blank() {
        if lines.last != .blank, !lines.isEmpty { lines.append(.blank) }
    }

    /// A check's verdict, then its fix, then the evidence: at 80x24 the first two are what must show
    /// without scrolling.
    public mutating func check(_ result: CheckResult, glyphs: GlyphSet, includesEvidence: Bool = true) {
        let (glyph, style) = Self.mark(result.status, glyphs)
        text("\(glyph) \(result.title)", style: style)
        if let fix = result.fix { text("Fix: \(fix)", style: result.status == .error ? .bold : .plain, indent: 2) }
        if includesEvidence { for detail in result.details { text(detail, style: .muted, indent: 2) } }
    }

    /// The evidence of a check whose verdict and fix are shown above the fields.
    public mutating func evidence(of result: CheckResult, glyphs: GlyphSet) {
        text("Seen (\(result.title)):", style: .muted)
        for detail in result.details { text(detail, style: .muted, indent: 2) }
    }

    static func mark(_ status: CheckStatus, _ glyphs: GlyphSet) -> (String, CellStyle) {
        switch status {
        case .ok: (glyphs.ok, .ok)
        case .warning: (glyphs.warning, .warning)
        case .error: (glyphs.error, .error)
        case .skipped: (glyphs.empty, .muted)
        }
    }
}

/// Draws body lines into a box, scrolled so the focus line shows; a cut is marked on the box's edges.
enum BodyRenderer {
    /// The first line shown: far enough down for the focus line, plus what the engineer scrolled.
    static func firstLine(_ body: BodyBuilder, height: Int, scroll: Int) -> Int {
        let focusFirst = body.focusLine.map { max(0, $0 - height + 1) } ?? 0
        return max(0, min(body.lines.count - height, focusFirst + max(0, scroll)))
    }

    /// How far the body can be scrolled past what the focus needs.
    static func scrollLimit(_ body: BodyBuilder, height: Int) -> Int {
        let focusFirst = body.focusLine.map { max(0, $0 - height + 1) } ?? 0
        return max(0, body.lines.count - height - focusFirst)
    }

    static func render(_ body: BodyBuilder, title: String, scroll: Int = 0, into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        grid.box(rect, title: title, glyphs: glyphs)
        let inside = rect.inset(by: 1)
        guard !inside.isEmpty else { return }
        let height = inside.height
        let first = firstLine(body, height: height, scroll: scroll)
        let labelWidth = body.lines.compactMap { line -> Int? in
            if case .field(let label, _, _, _, _) = line { return DisplayWidth.of(label) }
            return nil
        }.max() ?? 0
        for (row, line) in body.lines.dropFirst(first).prefix(height).enumerated() {
            draw(line, into: &grid, x: inside.x + 1, y: inside.y + row, width: inside.width - 2, labelWidth: labelWidth, glyphs: glyphs)
        }
        // Both marks on the bottom edge: on the top one they covered the step's title.
        let hidden = body.lines.count - first - height
        var marks: [String] = []
        if first > 0 { marks.append("\(glyphs.arrowUp) \(first) more") }
        // Where the rest is: F5 pages on, Ctrl-O shows it all (whole paths, every fingerprint) full screen.
        if hidden > 0 { marks.append("\(glyphs.arrowDown) \(hidden) more (F5, ^O all)") }
        if !marks.isEmpty {
            let text = " " + marks.joined(separator: "  ") + " "
            grid.write(text, x: max(rect.x + 1, rect.maxX - 2 - DisplayWidth.of(text)), y: rect.maxY - 1, style: .muted)
        }
    }

    private static func draw(_ line: BodyLine, into grid: inout CellGrid, x: Int, y: Int, width: Int, labelWidth: Int, glyphs: GlyphSet) {
        switch line {
        case .blank:
            break
        case .text(let text, let style, let indent):
            grid.write(text, x: x + indent, y: y, maxWidth: width - indent, style: style, ellipsis: glyphs.ellipsis)
        case .buttons(let labels, let focused, let disabled):
            var column = x
            for (index, label) in labels.enumerated() {
                let isFocused = focused == index
                let shown = isFocused ? "\(glyphs.focus)[ \(label) ]" : " [ \(label) ]"
                guard column + DisplayWidth.of(shown) <= x + width else { break }
                let style: CellStyle = disabled.contains(index)
                    ? (isFocused ? CellStyle(reverse: true, dim: true) : .muted)
                    : (isFocused ? CellStyle(bold: true, reverse: true) : .bold)
                column += grid.write(shown, x: column, y: y, style: style) + 1
            }
        case .field(let label, let editor, let isSecret, let isRevealed, let isFocused):
            let marker = DisplayWidth.of(glyphs.focus)
            if isFocused { grid.write(glyphs.focus, x: x, y: y, style: .accent) }
            grid.write(label, x: x + marker + 1, y: y, maxWidth: labelWidth, style: isFocused ? .bold : .plain)
            let valueX = x + marker + 1 + labelWidth + 1
            let valueWidth = x + width - valueX
            guard valueWidth > 0 else { return }
            let style = isFocused ? CellStyle(reverse: true) : CellStyle(underline: true)
            grid.fill(Rect(x: valueX, y: y, width: valueWidth, height: 1), with: isFocused ? " " : "_", style: style)
            let shown: String
            let cursorColumn: Int
            if isSecret && !isRevealed {
                // A fixed-width mask: the length of a key or token is not shown either.
                shown = editor.value.isEmpty ? "" : glyphs.secretMask
                cursorColumn = DisplayWidth.of(shown)
            } else {
                let view = editor.viewport(width: valueWidth, cutMarks: glyphs.fieldCutMarks)
                shown = view.text
                cursorColumn = view.cursorColumn
            }
            grid.write(shown, x: valueX, y: y, maxWidth: valueWidth, style: style)
            if isFocused { grid.cursor = Position(x: valueX + min(cursorColumn, valueWidth - 1), y: y) }
        }
    }
}
