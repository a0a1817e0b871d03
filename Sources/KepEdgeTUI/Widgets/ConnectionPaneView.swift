/// The verdict of one row in the connection pane.
public enum RowStatus: String, Hashable, Sendable {
    case ok, warning, error, pending, running, none

    func glyph(_ glyphs: GlyphSet) -> String {
        switch self {
        case .ok: return glyphs.ok
        case .warning: return glyphs.warning
        case .error: return glyphs.error
        case .pending: return glyphs.empty
        case .running: return glyphs.half
        case .none: return " "
        }
    }

    var style: CellStyle {
        switch self {
        case .ok: return .ok
        case .warning: return .warning
        case .error: return .error
        case .pending, .none: return .muted
        case .running: return .accent
        }
    }
}

/// The right-hand pane: what is known about the connection, as label/value rows with a status glyph.
public struct ConnectionPaneView: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var label: String
        public var value: String
        public var status: RowStatus
        public init(_ label: String, _ value: String, status: RowStatus = .none) {
            self.label = label
            self.value = value
            self.status = status
        }
    }

    public var title: String
    public var rows: [Row]
    public init(title: String = "Connection", rows: [Row]) {
        self.title = title
        self.rows = rows
    }

    public func render(into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        grid.box(rect, title: title, glyphs: glyphs)
        let inside = rect.inset(by: 1)
        guard !inside.isEmpty else { return }
        let glyphWidth = max(1, [RowStatus.ok, .warning, .error, .pending].map { DisplayWidth.of($0.glyph(glyphs)) }.max() ?? 1)
        let labelWidth = min(rows.map { DisplayWidth.of($0.label) }.max() ?? 0, max(4, inside.width / 3))
        for (index, row) in rows.prefix(inside.height).enumerated() {
            let y = inside.y + index
            var x = inside.x + 1
            grid.write(row.status.glyph(glyphs), x: x, y: y, maxWidth: glyphWidth, style: row.status.style)
            x += glyphWidth + 1
            grid.write(row.label, x: x, y: y, maxWidth: labelWidth, style: .bold, ellipsis: glyphs.ellipsis)
            x += labelWidth + 1
            grid.write(row.value, x: x, y: y, maxWidth: inside.maxX - x - 1, ellipsis: glyphs.ellipsis)
        }
    }
}
