/// Where a wizard step stands, as the step bar shows it.
public enum StepBarStatus: String, Hashable, Sendable, CaseIterable {
    case done, current, pending, stale, failed, running

    /// The glyph that tells this status apart without colour.
    public func glyph(_ glyphs: GlyphSet) -> String {
        switch self {
        case .done: return glyphs.stepDone
        case .current: return glyphs.stepCurrent
        case .pending: return glyphs.stepPending
        case .stale: return glyphs.stepStale
        case .failed: return glyphs.stepFailed
        case .running: return glyphs.stepRunning
        }
    }

    var style: CellStyle {
        switch self {
        case .done: return .ok
        case .current: return CellStyle(bold: true, reverse: true, role: .accent)
        case .pending: return .muted
        case .stale: return .warning
        case .failed: return .error
        case .running: return CellStyle(bold: true, role: .accent)
        }
    }
}

/// The row of six steps: `✔ 1 Certificate  ● 2 Names  ○ 3 Device ...`, each with its status glyph.
public struct StepBarView: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var number: Int
        public var label: String
        public var status: StepBarStatus
        public init(number: Int, label: String, status: StepBarStatus) {
            self.number = number
            self.label = label
            self.status = status
        }
    }

    public var items: [Item]
    public init(items: [Item]) { self.items = items }

    public func render(into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        var x = rect.x + 1
        for item in items {
            let text = "\(item.status.glyph(glyphs)) \(item.number) \(item.label)"
            let room = rect.maxX - x
            guard room > 0 else { break }
            x += grid.write(" " + text + " ", x: x, y: rect.y, maxWidth: room, style: item.status.style, ellipsis: glyphs.ellipsis)
            x += 1
        }
    }
}
