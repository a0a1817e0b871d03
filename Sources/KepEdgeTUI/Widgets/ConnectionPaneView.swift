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

    /// The pane folded into one line (below 120 columns): `✖ TLS 8883 failed  ✖ Verify 19 self-signed…`.
    /// Rows with a verdict only (the header names the gateway), errors and warnings first. When they do
    /// not all fit, pending rows and then the earliest settled (ok) rows give up their values (`✔ TLS`),
    /// then rows that still do not fit are left out whole.
    public func renderStrip(into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        let judged = rows.enumerated().filter { $0.element.status != .none }
            .sorted { (Self.stripRank($0.element.status), $0.offset) < (Self.stripRank($1.element.status), $1.offset) }
            .map(\.element)
        var items = judged.map { row -> (row: Row, showsValue: Bool) in (row, true) }
        let room = rect.width - 2
        func width(_ item: (row: Row, showsValue: Bool)) -> Int {
            let value = item.showsValue ? " " + CellGrid.truncate(item.row.value, toWidth: Self.stripValueWidth, ellipsis: glyphs.ellipsis) : ""
            return DisplayWidth.of(item.row.status.glyph(glyphs)) + 1 + DisplayWidth.of(item.row.label) + DisplayWidth.of(value) + 2
        }
        // Rows still waiting ("not connected yet") say least; then the earliest settled ones.
        for status in [RowStatus.pending, .ok] {
            for index in items.indices where items[index].row.status == status && items.map(width).reduce(0, +) > room {
                items[index].showsValue = false
            }
        }
        var x = rect.x + 1
        for item in items where x + width(item) - 2 <= rect.maxX - 1 {
            x += grid.write(item.row.status.glyph(glyphs) + " ", x: x, y: rect.y, style: item.row.status.style)
            x += grid.write(item.row.label, x: x, y: rect.y, style: .bold)
            if item.showsValue {
                x += grid.write(" " + CellGrid.truncate(item.row.value, toWidth: Self.stripValueWidth, ellipsis: glyphs.ellipsis), x: x, y: rect.y)
            }
            x += 2
        }
    }

    /// The widest value in the strip: enough for "19 self-signed cert" and a host name.
    static let stripValueWidth = 20

    static func stripRank(_ status: RowStatus) -> Int {
        switch status {
        case .error: return 0
        case .warning: return 1
        case .running: return 2
        case .ok: return 3
        case .pending: return 4
        case .none: return 5
        }
    }
}
