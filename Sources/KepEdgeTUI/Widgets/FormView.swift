/// A step's form: labelled one-line text fields (secrets masked unless revealed), an inline error under
/// a field, and action buttons. Focus is shown by a marker and reverse video, so it reads without colour.
public struct FormView: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var label: String
        public var text: TextField
        public var isSecret: Bool
        public var isRevealed: Bool
        /// Shown under the field when the value is not acceptable.
        public var error: String?
        /// Shown under the field otherwise (e.g. what the value is for).
        public var hint: String?

        public init(label: String, text: TextField = TextField(), isSecret: Bool = false, isRevealed: Bool = false,
                    error: String? = nil, hint: String? = nil) {
            self.label = label
            self.text = text
            self.isSecret = isSecret
            self.isRevealed = isRevealed
            self.error = error
            self.hint = hint
        }
    }

    /// What has focus: a field or an action, by index.
    public enum Focus: Hashable, Sendable {
        case field(Int)
        case action(Int)
    }

    public var title: String
    public var fields: [Field]
    public var actions: [String]
    public var focus: Focus?

    public init(title: String, fields: [Field], actions: [String] = [], focus: Focus? = nil) {
        self.title = title
        self.fields = fields
        self.actions = actions
        self.focus = focus
    }

    public func render(into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        grid.box(rect, title: title, glyphs: glyphs)
        let inside = rect.inset(by: 1)
        guard !inside.isEmpty else { return }
        let labelWidth = min(fields.map { DisplayWidth.of($0.label) }.max() ?? 0, max(6, inside.width / 3))
        let markerWidth = DisplayWidth.of(glyphs.focus)
        let valueX = inside.x + 1 + markerWidth + 1 + labelWidth + 1
        let valueWidth = inside.maxX - valueX - 1
        var y = inside.y
        for (index, field) in fields.enumerated() {
            guard y < inside.maxY else { break }
            let focused = focus == .field(index)
            if focused { grid.write(glyphs.focus, x: inside.x + 1, y: y, style: .accent) }
            grid.write(field.label, x: inside.x + 1 + markerWidth + 1, y: y, maxWidth: labelWidth,
                       style: focused ? .bold : .plain, ellipsis: glyphs.ellipsis)
            if valueWidth > 0 {
                let mask = field.isSecret && !field.isRevealed ? glyphs.mask : nil
                let view = field.text.viewport(width: valueWidth, mask: mask, cutMarks: glyphs.fieldCutMarks)
                let style = focused ? CellStyle(reverse: true) : CellStyle(underline: true)
                grid.fill(Rect(x: valueX, y: y, width: valueWidth, height: 1), with: focused ? " " : "_", style: style)
                grid.write(view.text, x: valueX, y: y, maxWidth: valueWidth, style: style)
                if focused { grid.cursor = Position(x: valueX + view.cursorColumn, y: y) }
            }
            y += 1
            if let note = field.error.map({ ("\(glyphs.error) \($0)", CellStyle.error) })
                ?? field.hint.map({ ($0, CellStyle.muted) }) {
                guard y < inside.maxY else { break }
                grid.write(note.0, x: valueX, y: y, maxWidth: inside.maxX - valueX - 1, style: note.1, ellipsis: glyphs.ellipsis)
                y += 1
            }
            if field.isSecret, focused, y < inside.maxY {
                grid.write(field.isRevealed ? "F2 hide" : "F2 reveal", x: valueX, y: y, style: .muted)
                y += 1
            }
        }
        guard !actions.isEmpty, y + 1 < inside.maxY else { return }
        y += 1
        var x = inside.x + 1
        for (index, action) in actions.enumerated() {
            let focused = focus == .action(index)
            let label = focused ? "\(glyphs.focus)[ \(action) ]" : " [ \(action) ]"
            guard x + DisplayWidth.of(label) <= inside.maxX else { break }
            x += grid.write(label, x: x, y: y, style: focused ? CellStyle(bold: true, reverse: true) : .bold) + 1
        }
    }
}
