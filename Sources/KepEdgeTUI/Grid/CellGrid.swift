/// A width x height grid of cells: what one frame of the screen shows. Screens render into a grid
/// (a pure function of state); backends put grids on a terminal or keep them for tests.
public struct CellGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should blink (the focused text field), or nil to hide it.
    public var cursor: Position?

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public init(size: TerminalSize) {
        self.init(width: size.width, height: size.height)
    }

    public var size: TerminalSize { TerminalSize(width: width, height: height) }
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x: x, y: y) ? cells[y * width + x] : .blank }
        set { if contains(x: x, y: y) { cells[y * width + x] = newValue } }
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// The text of row `y`, wide characters once, no trailing-space trimming.
    public func rowText(_ y: Int) -> String {
        guard y >= 0 && y < height else { return "" }
        return (0..<width).map { self[$0, y].text }.joined()
    }

    /// The grid as text, one line per row, each ending in `|` so trailing spaces and the right edge show.
    /// This is the golden file format of `screens/`.
    public var goldenText: String {
        (0..<height).map { rowText($0) + "|\n" }.joined()
    }

    // MARK: Drawing

    /// Puts one character at (x, y); a wide character takes two cells and is dropped if only one fits
    /// before `limit` (the right clip edge).
    @discardableResult
    public mutating func put(_ character: Character, x: Int, y: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
        let edge = min(limit ?? width, width)
        let isControl = character.unicodeScalars.first.map { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) } ?? false
        // A control character would move the real cursor: it is drawn as a space.
        let shown = isControl ? " " : String(character)
        let width = isControl ? 1 : DisplayWidth.of(character)
        if width == 0 { return 0 }
        guard x + width <= edge, y >= 0, y < height, x >= 0 else { return 0 }
        // Overwriting half of a wide character blanks its other half.
        if self[x, y].isWideContinuation, x > 0 { self[x - 1, y] = Cell(" ", style: self[x - 1, y].style) }
        if x + width < self.width, self[x + width, y].isWideContinuation { self[x + width, y] = Cell(" ", style: style) }
        self[x, y] = Cell(shown, style: style)
        if width == 2 { self[x + 1, y] = Cell(Cell.wideContinuation.text, style: style) }
        return width
    }

    /// Writes `text` from (x, y) on one line, clipped to `maxWidth` columns and the grid. When the text
    /// does not fit and `ellipsis` is given, it ends in the ellipsis so the cut is visible.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: CellStyle = .plain, ellipsis: String? = nil) -> Int {
        let available = min(maxWidth ?? (width - x), width - x)
        guard available > 0, y >= 0, y < height else { return 0 }
        var content = text
        if let ellipsis, DisplayWidth.of(text) > available {
            content = CellGrid.truncate(text, toWidth: available, ellipsis: ellipsis)
        }
        var column = x
        for character in content {
            let w = max(DisplayWidth.of(character), character.unicodeScalars.first.map { $0.value < 0x20 || $0.value == 0x7F } == true ? 1 : 0)
            if column + w > x + available { break }
            if column >= 0 {
                column += put(character, x: column, y: y, style: style, limit: x + available)
            } else {
                column += w
            }
        }
        return column - x
    }

    /// `text` cut to at most `width` columns, ending in `ellipsis` when it was cut.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: String) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        let room = width - DisplayWidth.of(ellipsis)
        guard room > 0 else { return String(ellipsis.prefix(max(0, width))) }
        return prefix(of: text, fittingWidth: room) + ellipsis
    }

    /// The longest start of `text` that fits in `width` columns.
    public static func prefix(of text: String, fittingWidth width: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > width { break }
            result.append(character)
            used += w
        }
        return result
    }

    /// Fills `rect` (clipped) with `character`.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: CellStyle = .plain) {
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX {
                put(character, x: x, y: y, style: style)
            }
        }
    }

    /// A horizontal line of `glyphs.horizontal` across `width` columns from (x, y).
    public mutating func horizontalRule(x: Int, y: Int, width: Int, glyphs: GlyphSet, style: CellStyle = .muted) {
        for column in x..<(x + max(0, width)) {
            write(glyphs.horizontal, x: column, y: y, maxWidth: 1, style: style)
        }
    }

    /// A box around `rect` with an optional title on its top edge; the inside is cleared.
    public mutating func box(_ rect: Rect, title: String? = nil, glyphs: GlyphSet, style: CellStyle = .muted, titleStyle: CellStyle = .bold) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        fill(rect.inset(by: 1))
        horizontalRule(x: rect.x + 1, y: rect.y, width: rect.width - 2, glyphs: glyphs, style: style)
        horizontalRule(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, glyphs: glyphs, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            write(glyphs.vertical, x: rect.x, y: y, maxWidth: 1, style: style)
            write(glyphs.vertical, x: rect.maxX - 1, y: y, maxWidth: 1, style: style)
        }
        write(glyphs.topLeft, x: rect.x, y: rect.y, maxWidth: 1, style: style)
        write(glyphs.topRight, x: rect.maxX - 1, y: rect.y, maxWidth: 1, style: style)
        write(glyphs.bottomLeft, x: rect.x, y: rect.maxY - 1, maxWidth: 1, style: style)
        write(glyphs.bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, maxWidth: 1, style: style)
        if let title, !title.isEmpty, rect.width > 4 {
            write(" \(title) ", x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2, style: titleStyle, ellipsis: glyphs.ellipsis)
        }
    }

    /// `text` broken into lines of at most `width` columns, at spaces where possible; words longer than
    /// a line are split. Existing newlines are kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var remaining = String(word)
                while !remaining.isEmpty {
                    let wordWidth = DisplayWidth.of(remaining)
                    let needed = lineWidth == 0 ? wordWidth : lineWidth + 1 + wordWidth
                    if needed <= width {
                        line += (lineWidth == 0 ? "" : " ") + remaining
                        lineWidth = needed
                        remaining = ""
                    } else if lineWidth > 0 {
                        lines.append(line)
                        line = ""
                        lineWidth = 0
                    } else {
                        // A word wider than the line: cut it.
                        var head = prefix(of: remaining, fittingWidth: width)
                        if head.isEmpty { head = String(remaining.prefix(1)) }
                        lines.append(head)
                        remaining = String(remaining.dropFirst(head.count))
                    }
                }
            }
            lines.append(line)
        }
        return lines
    }
}
