import KepEdgeCore

/// One logical line of the detail view: drawn wrapped, selected and written to a file whole.
public struct DetailLine: Equatable, Sendable {
    public var text: String
    public var style: CellStyle
    public var indent: Int
    /// May hold a secret shown in clear (a revealed key or token): written with mode 0600.
    public var holdsSecret: Bool

    public init(text: String, style: CellStyle, indent: Int, holdsSecret: Bool) {
        self.text = text
        self.style = style
        self.indent = indent
        self.holdsSecret = holdsSecret
    }
}

/// The current step's results over the whole terminal (Ctrl-O): every field's whole value, every check
/// with its fix and all its evidence (fingerprints, whole paths), the step's extras; nothing cut with an
/// ellipsis, long lines wrapped. One line is selected (Up/Down); F3 writes it to a file.
public enum DetailScreen {
    /// Wide enough that `BodyBuilder` never wraps: a logical line stays one line until it is drawn.
    private static let unwrapped = 1 << 20

    public static func lines(_ state: Wizard.State, _ ui: WizardUI, glyphs: GlyphSet) -> [DetailLine] {
        let step = state.current
        let reveals = ui.reveals(step, in: state)
        var lines: [DetailLine] = []
        var head = BodyBuilder(width: unwrapped)
        let checks = StepScreen.results(step, state).enumerated()
            .sorted { (StepScreen.rank($0.element), $0.offset) < (StepScreen.rank($1.element), $1.offset) }.map(\.element)
        StepScreen.status(step, state, checks: checks, into: &head, glyphs: glyphs)
        lines += convert(head.lines, holdsSecret: false)
        for field in StepForm.of(step).fields {
            let value = field.text(in: state)
            let shown = value.isEmpty ? "(empty)" : (field.isSecret && !reveals ? "\(glyphs.secretMask)  (F2 shows)" : value)
            lines.append(DetailLine(text: "\(field.label): \(shown)", style: .plain, indent: 0,
                                    holdsSecret: field.isSecret && reveals && !value.isEmpty))
        }
        var results = BodyBuilder(width: unwrapped)
        results.blank()
        for check in checks { results.check(check, glyphs: glyphs) }
        lines += convert(results.lines, holdsSecret: false)
        var extras = BodyBuilder(width: unwrapped)
        StepScreen.extras(step, state, ui, into: &extras, glyphs: glyphs)
        // Step 4 and 5's extras show the token when revealed.
        lines += convert(extras.lines, holdsSecret: reveals)
        while lines.last?.text.isEmpty == true { lines.removeLast() }
        return lines
    }

    private static func convert(_ body: [BodyLine], holdsSecret: Bool) -> [DetailLine] {
        body.compactMap { line in
            switch line {
            case .text(let text, let style, let indent): DetailLine(text: text, style: style, indent: indent, holdsSecret: holdsSecret)
            case .blank: DetailLine(text: "", style: .plain, indent: 0, holdsSecret: false)
            case .field, .buttons: nil
            }
        }
    }

    /// Screen rows of `line` at `width` (continuations indent two more).
    static func rows(_ line: DetailLine, width: Int) -> [String] {
        guard !line.text.isEmpty else { return [""] }
        let wrapped = CellGrid.wrap(line.text, width: max(10, width - line.indent - 2))
        return wrapped.enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
    }

    /// Rows of content at `size`: all but the title, the status line and the key bar.
    public static func pageHeight(_ size: TerminalSize) -> Int { max(1, size.height - 3) }

    /// Columns of text at `size` (one for the selection mark, one margin).
    static func textWidth(_ size: TerminalSize) -> Int { max(10, size.width - 3) }

    /// `view` with its first line moved so the selected line shows whole (or from its top, if it is taller than the page).
    public static func scrolledToSelection(_ view: ResultDetail, lines: [DetailLine], size: TerminalSize) -> ResultDetail {
        var view = view
        guard !lines.isEmpty else { return ResultDetail() }
        view.selected = min(max(0, view.selected), lines.count - 1)
        view.first = min(max(0, view.first), view.selected)
        let width = textWidth(size), height = pageHeight(size)
        while view.first < view.selected,
              lines[view.first...view.selected].reduce(0, { $0 + rows($1, width: width).count }) > height {
            view.first += 1
        }
        return view
    }

    public static func render(_ state: Wizard.State, _ ui: WizardUI, view: ResultDetail, size: TerminalSize,
                              capabilities: TerminalCapabilities) -> CellGrid {
        var grid = CellGrid(size: size)
        guard size.width >= ScreenLayout.minimumSize.width, size.height >= ScreenLayout.minimumSize.height else {
            TooSmallView(size: size).render(into: &grid)
            return grid
        }
        let glyphs = capabilities.glyphs
        let lines = lines(state, ui, glyphs: glyphs)
        let view = scrolledToSelection(view, lines: lines, size: size)
        let step = state.current
        grid.fill(Rect(x: 0, y: 0, width: size.width, height: 1), style: .reverse)
        let position = lines.isEmpty ? "" : " line \(view.selected + 1) of \(lines.count) "
        let title = " Details: \(step.rawValue) \(step.title)"
        grid.write(title, x: 0, y: 0, maxWidth: size.width - DisplayWidth.of(position), style: CellStyle(bold: true, reverse: true),
                   ellipsis: glyphs.ellipsis)
        grid.write(position, x: size.width - DisplayWidth.of(position), y: 0, style: .reverse)

        let width = textWidth(size), height = pageHeight(size)
        var row = 0
        var index = view.first
        while row < height, index < lines.count {
            let line = lines[index]
            let selected = index == view.selected
            for (part, text) in rows(line, width: width).enumerated() where row < height {
                if selected {
                    if part == 0 { grid.write(glyphs.focus, x: 0, y: 1 + row, style: .accent) }
                    grid.fill(Rect(x: 2, y: 1 + row, width: size.width - 3, height: 1), style: .reverse)
                }
                var style = line.style
                if selected { style.reverse = true }
                grid.write(text, x: 2 + line.indent, y: 1 + row, maxWidth: width - line.indent, style: style)
                row += 1
            }
            index += 1
        }
        if lines.isEmpty { grid.write("No results on this step yet.", x: 2, y: 1, style: .muted) }

        let statusY = size.height - 2
        if let notice = ui.notice {
            grid.write(notice.text, x: 1, y: statusY, maxWidth: size.width - 2, style: notice.isError ? .error : .ok, ellipsis: glyphs.ellipsis)
        } else {
            let below = lines.count - index
            var marks: [String] = []
            if view.first > 0 { marks.append("\(glyphs.arrowUp) \(view.first) above") }
            if below > 0 { marks.append("\(glyphs.arrowDown) \(below) below") }
            grid.write(marks.joined(separator: "  "), x: 1, y: statusY, maxWidth: size.width - 2, style: .muted)
        }
        KeyBarView(bindings: [.init("Esc", "Back"), .init(glyphs.arrowUp + glyphs.arrowDown, "Line"), .init("PgUp/PgDn", "Page"), .init("F3", "Write line"),
                              .init("F1", "Help"), .init("F10", "Quit")])
            .render(into: &grid, in: Rect(x: 0, y: size.height - 1, width: size.width, height: 1), glyphs: glyphs)
        return grid
    }
}

/// Where the detail view is: the selected logical line and the first one shown.
public struct ResultDetail: Equatable, Sendable {
    public var selected = 0
    public var first = 0
    public init(selected: Int = 0, first: Int = 0) {
        self.selected = selected
        self.first = first
    }
}
