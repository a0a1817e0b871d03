/// The bottom line: the keys that work here, e.g. `F1 Help  Tab Next field  PgDn Next step  F10 Quit`.
public struct KeyBarView: Hashable, Sendable {
    public struct Binding: Hashable, Sendable {
        public var key: String
        public var label: String
        public init(_ key: String, _ label: String) {
            self.key = key
            self.label = label
        }
    }

    public var bindings: [Binding]
    public init(bindings: [Binding]) { self.bindings = bindings }

    public static let standard = KeyBarView(bindings: [
        .init("F1", "Help"), .init("Tab", "Next field"), .init("Enter", "Run"),
        .init("PgDn", "Next step"), .init("PgUp", "Back"), .init("F10", "Quit"),
    ])

    public func render(into grid: inout CellGrid, in rect: Rect, glyphs: GlyphSet) {
        guard !rect.isEmpty else { return }
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1))
        var x = rect.x
        for binding in bindings {
            let needed = DisplayWidth.of(binding.key) + 1 + DisplayWidth.of(binding.label) + 2
            guard x + needed <= rect.maxX else { break }  // drop whole bindings, never half of one
            x += grid.write(binding.key, x: x, y: rect.y, style: CellStyle(bold: true, reverse: true))
            x += grid.write(" " + binding.label + "  ", x: x, y: rect.y)
        }
    }
}
