/// A running operation: a spinner frame chosen from the elapsed time (pure, so a fixed time renders
/// the same frame), the task, the elapsed seconds and how to cancel.
public struct SpinnerView: Hashable, Sendable {
    public var label: String
    public var elapsed: Duration

    public init(label: String, elapsed: Duration) {
        self.label = label
        self.elapsed = elapsed
    }

    /// Frames advance every 100 ms.
    public static func frame(elapsed: Duration, glyphs: GlyphSet) -> String {
        let tenths = elapsed.components.seconds * 10 + elapsed.components.attoseconds / 100_000_000_000_000_000
        let frames = glyphs.spinner
        guard !frames.isEmpty else { return "" }
        return frames[Int(max(0, tenths) % Int64(frames.count))]
    }

    /// "4.2s", then "1m05s" past a minute.
    public static func formatElapsed(_ elapsed: Duration) -> String {
        let seconds = max(0, elapsed.components.seconds)
        if seconds < 60 {
            let tenths = max(0, elapsed.components.attoseconds / 100_000_000_000_000_000)
            return "\(seconds).\(tenths)s"
        }
        let remainder = seconds % 60
        return "\(seconds / 60)m\(remainder < 10 ? "0" : "")\(remainder)s"
    }

    public func text(_ glyphs: GlyphSet) -> String {
        "\(SpinnerView.frame(elapsed: elapsed, glyphs: glyphs)) \(label) \(SpinnerView.formatElapsed(elapsed))  (Esc cancels)"
    }

    public func render(into grid: inout CellGrid, at position: Position, maxWidth: Int, glyphs: GlyphSet) {
        grid.write(text(glyphs), x: position.x, y: position.y, maxWidth: maxWidth, style: .accent, ellipsis: glyphs.ellipsis)
    }
}
