/// The top line: the product, then the gateway and device in play.
public struct HeaderView: Hashable, Sendable {
    public var product: String
    public var gateway: String?
    public var device: String?
    /// Shown at the right end (e.g. the elapsed time or the terminal size).
    public var trailing: String?

    public init(product: String = "kepedge", gateway: String? = nil, device: String? = nil, trailing: String? = nil) {
        self.product = product
        self.gateway = gateway
        self.device = device
        self.trailing = trailing
    }

    public func render(into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        guard !rect.isEmpty else { return }
        let line = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        grid.fill(line, style: .reverse)
        var x = rect.x + 1
        x += grid.write(product, x: x, y: rect.y, maxWidth: rect.maxX - x, style: CellStyle(bold: true, reverse: true))
        let details = "  gateway: \(gateway ?? "(not set)")  device: \(device ?? "(not set)")"
        let trailingWidth = trailing.map { DisplayWidth.of($0) + 2 } ?? 0
        grid.write(details, x: x, y: rect.y, maxWidth: rect.maxX - x - trailingWidth, style: .reverse, ellipsis: glyphs.ellipsis)
        if let trailing {
            grid.write(trailing, x: rect.maxX - trailingWidth + 1, y: rect.y, maxWidth: trailingWidth - 1, style: .reverse)
        }
    }
}
