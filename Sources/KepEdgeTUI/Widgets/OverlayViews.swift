/// The help box over the screen: the keys, and what each step-bar glyph means.
public struct HelpOverlay: Hashable, Sendable {
    public var title: String
    public var bindings: [KeyBarView.Binding]

    public init(title: String = "Help", bindings: [KeyBarView.Binding] = HelpOverlay.standardBindings) {
        self.title = title
        self.bindings = bindings
    }

    public static let standardBindings: [KeyBarView.Binding] = [
        .init("Tab / Shift-Tab", "next / previous field"),
        .init("Enter", "run the focused action"),
        .init("PgDn / Ctrl-N", "next step"),
        .init("PgUp / Ctrl-P", "previous step"),
        .init("Esc", "back, or cancel a running check"),
        .init("F2", "reveal or hide a secret"),
        .init("Ctrl-U", "clear the field up to the cursor"),
        .init("Ctrl-L", "redraw the screen"),
        .init("F1 / ?", "this help"),
        .init("F10 / q", "quit"),
    ]

    public func render(into grid: inout CellGrid, glyphs: GlyphSet) {
        let keyWidth = bindings.map { DisplayWidth.of($0.key) }.max() ?? 0
        let legend = StepBarStatus.allCases.map { "\($0.glyph(glyphs)) \($0.rawValue)" }.joined(separator: "  ")
        let textWidth = max(bindings.map { keyWidth + 2 + DisplayWidth.of($0.label) }.max() ?? 0, DisplayWidth.of(legend))
        let box = grid.bounds.centered(width: textWidth + 4, height: bindings.count + 5)
        grid.box(box, title: title, glyphs: glyphs, style: .bold)
        let inside = box.inset(by: 1)
        for (index, binding) in bindings.enumerated() where index < inside.height {
            grid.write(binding.key, x: inside.x + 1, y: inside.y + index, maxWidth: keyWidth, style: .bold)
            grid.write(binding.label, x: inside.x + 3 + keyWidth, y: inside.y + index, maxWidth: inside.maxX - inside.x - 4 - keyWidth,
                       ellipsis: glyphs.ellipsis)
        }
        grid.write(legend, x: inside.x + 1, y: inside.maxY - 2, maxWidth: inside.width - 2, ellipsis: glyphs.ellipsis)
        grid.write("Esc closes", x: inside.x + 1, y: inside.maxY - 1, maxWidth: inside.width - 2, style: .muted)
    }
}

/// A yes/no question over the screen, e.g. "Quit with unsaved work?".
public struct ConfirmDialog: Hashable, Sendable {
    public var title: String
    public var message: String
    public var confirmLabel: String
    public var cancelLabel: String
    /// Which button has focus; the safe one by default.
    public var confirmFocused: Bool

    public init(title: String, message: String, confirmLabel: String, cancelLabel: String, confirmFocused: Bool = false) {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
        self.confirmFocused = confirmFocused
    }

    public static let quitWithUnsavedWork = ConfirmDialog(
        title: "Quit?", message: "Steps have unsaved work (settings not yet written). Quit anyway?",
        confirmLabel: "Quit", cancelLabel: "Stay")

    public func render(into grid: inout CellGrid, glyphs: GlyphSet) {
        let width = min(56, max(30, grid.width - 4))
        let lines = CellGrid.wrap(message, width: width - 4)
        let box = grid.bounds.centered(width: width, height: lines.count + 5)
        grid.box(box, title: title, glyphs: glyphs, style: .bold)
        let inside = box.inset(by: 1)
        for (index, line) in lines.enumerated() where index < inside.height {
            grid.write(line, x: inside.x + 1, y: inside.y + index, maxWidth: inside.width - 2)
        }
        let confirm = confirmFocused ? "\(glyphs.focus)[ \(confirmLabel) ]" : " [ \(confirmLabel) ]"
        let cancel = confirmFocused ? " [ \(cancelLabel) ]" : "\(glyphs.focus)[ \(cancelLabel) ]"
        let buttonsY = inside.maxY - 1
        var x = inside.x + 1
        x += grid.write(confirm, x: x, y: buttonsY, style: confirmFocused ? CellStyle(bold: true, reverse: true) : .bold) + 2
        grid.write(cancel, x: x, y: buttonsY, style: confirmFocused ? .bold : CellStyle(bold: true, reverse: true))
    }
}

/// Shown instead of the screen when the terminal is smaller than 80x24; the screen comes back on resize.
public struct TooSmallView: Hashable, Sendable {
    public var size: TerminalSize
    public init(size: TerminalSize) { self.size = size }

    public var message: String {
        "Enlarge the terminal to \(ScreenLayout.minimumSize.width)x\(ScreenLayout.minimumSize.height) (now \(size.width)x\(size.height))."
    }

    public func render(into grid: inout CellGrid) {
        grid.fill(grid.bounds)
        let lines = CellGrid.wrap(message, width: grid.width) + CellGrid.wrap("F10 or q quits.", width: grid.width)
        let top = max(0, (grid.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let x = max(0, (grid.width - DisplayWidth.of(line)) / 2)
            grid.write(line, x: x, y: top + index, style: index == 0 ? .bold : .muted)
        }
    }
}
