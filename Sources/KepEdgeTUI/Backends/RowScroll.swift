/// Whole rows of the previous frame that reappear shifted in the next one: a message pane with one new line.
/// A terminal moves them itself inside a scroll region (`ESC [ top ; bottom r`, then an index or reverse
/// index), so only the rows that are really new need writing instead of every row of the pane.
public struct RowScroll: Equatable, Sendable {
    /// The scroll region, first and last row (inclusive).
    public let top: Int
    public let bottom: Int
    /// Rows the region's content moves up (positive: new rows appear at the bottom) or down (negative).
    public let lines: Int

    public init(top: Int, bottom: Int, lines: Int) {
        self.top = top
        self.bottom = bottom
        self.lines = lines
    }

    /// Rows of the region left empty by the move; a terminal fills them with blanks.
    public var vacated: ClosedRange<Int> {
        lines > 0 ? bottom - lines + 1...bottom : top...top - lines - 1
    }

    /// The scroll that lets the most rows of `next` come from `previous` by moving rather than rewriting, or
    /// nil when none saves at least `minimumRows` changed rows. Shifts of up to `maxLines` rows either way.
    public static func find(from previous: CellGrid, to next: CellGrid, maxLines: Int = 4, minimumRows: Int = 2) -> RowScroll? {
        guard previous.width == next.width, previous.height == next.height, next.height > 1 else { return nil }
        let height = next.height
        let before = (0..<height).map { RowKey(previous, row: $0) }
        let after = (0..<height).map { RowKey(next, row: $0) }
        var best: (scroll: RowScroll, saved: Int)?
        for shift in -maxLines...maxLines where shift != 0 && abs(shift) < height {
            // Runs of rows y with next[y] == previous[y + shift]: each run is one candidate region.
            var y = max(0, -shift)
            let end = min(height, height - shift)
            while y < end {
                guard after[y] == before[y + shift] else { y += 1; continue }
                let start = y
                var saved = 0
                while y < end, after[y] == before[y + shift] {
                    if after[y] != before[y] { saved += 1 }
                    y += 1
                }
                let region = shift > 0 ? RowScroll(top: start, bottom: y - 1 + shift, lines: shift)
                                       : RowScroll(top: start + shift, bottom: y - 1, lines: shift)
                if saved >= minimumRows, saved > best?.saved ?? 0 { best = (region, saved) }
            }
        }
        return best?.scroll
    }

    /// `grid` as a terminal shows it after this scroll: the region's rows moved, vacated rows filled with `fill`.
    public func applied(to grid: CellGrid, fill: Cell) -> CellGrid {
        var result = grid
        let rows = Array(top...bottom)
        for y in rows {
            let source = y + lines
            for x in 0..<grid.width {
                result[x, y] = (top...bottom).contains(source) ? grid[x, source] : fill
            }
        }
        return result
    }
}

/// One row's cells, compared by a hash first.
private struct RowKey: Equatable {
    let hash: Int
    let cells: ArraySlice<Cell>

    init(_ grid: CellGrid, row: Int) {
        cells = grid.cells[row * grid.width..<(row + 1) * grid.width]
        var hasher = Hasher()
        for cell in cells { hasher.combine(cell) }
        hash = hasher.finalize()
    }

    static func == (lhs: RowKey, rhs: RowKey) -> Bool {
        lhs.hash == rhs.hash && lhs.cells == rhs.cells
    }
}
