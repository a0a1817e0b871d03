import KepEdgeTUI
import Testing

/// Issue 19: the curses backend scrolls rows that reappear shifted (`RowScroll`) and writes only what is then
/// still different; a terminal that does the same ends up showing exactly the next frame.
@Suite struct RowScrollTests {
    /// A screen like the wizard's: a header, a boxed message pane of `paneRows` rows, a key bar.
    static func screen(messages: [String], paneRows: Int = 5, width: Int = 40) -> CellGrid {
        var grid = CellGrid(width: width, height: paneRows + 4)
        grid.write("header", x: 1, y: 0)
        grid.write("┌ Messages " + String(repeating: "─", count: width - 12) + "┐", x: 0, y: 1)
        for row in 0..<paneRows {
            grid.write("│", x: 0, y: 2 + row)
            let index = messages.count - paneRows + row
            if index >= 0 { grid.write(messages[index], x: 2, y: 2 + row, style: CellStyle(bold: index % 2 == 0)) }
            grid.write("│", x: width - 1, y: 2 + row)
        }
        grid.write("└" + String(repeating: "─", count: width - 2) + "┘", x: 0, y: paneRows + 2)
        grid.write("F10 Quit", x: 0, y: paneRows + 3)
        return grid
    }

    static func messages(_ range: Range<Int>) -> [String] { range.map { "12:00:0\($0 % 10) kepware INFO tag = \($0)" } }

    /// What a terminal shows after the scroll and then the cells that still differ: the backend's two steps.
    static func terminal(after scroll: RowScroll?, from previous: CellGrid, to next: CellGrid) -> (shown: CellGrid, written: Int) {
        var shown = scroll?.applied(to: previous, fill: Cell("?")) ?? previous
        var written = 0
        for y in 0..<next.height {
            for x in 0..<next.width where shown[x, y] != next[x, y] {
                shown[x, y] = next[x, y]
                written += 1
            }
        }
        return (shown, written)
    }

    @Test("one new message scrolls the pane's rows up by one; only the new row is written, and the screen equals a full repaint")
    func newMessageScrollsUp() throws {
        let previous = Self.screen(messages: Self.messages(0..<8))
        let next = Self.screen(messages: Self.messages(0..<9))
        let scroll = try #require(RowScroll.find(from: previous, to: next))
        #expect(scroll == RowScroll(top: 2, bottom: 6, lines: 1))
        #expect(scroll.vacated == 6...6)
        let (shown, written) = Self.terminal(after: scroll, from: previous, to: next)
        #expect(shown == next)
        #expect(written <= next.width, "only the new row is written: \(written) cells")
        #expect(Self.terminal(after: nil, from: previous, to: next).written > 2 * written)
    }

    @Test("scrolling the pane back (older messages) is a scroll down, and three new messages a scroll of three")
    func otherShifts() throws {
        let newer = Self.screen(messages: Self.messages(0..<9))
        let older = Self.screen(messages: Self.messages(0..<8))
        let back = try #require(RowScroll.find(from: newer, to: older))
        #expect(back == RowScroll(top: 2, bottom: 6, lines: -1))
        #expect(back.vacated == 2...2)
        #expect(Self.terminal(after: back, from: newer, to: older).shown == older)

        let three = Self.screen(messages: Self.messages(0..<12))
        let jump = try #require(RowScroll.find(from: newer, to: three))
        #expect(jump == RowScroll(top: 2, bottom: 6, lines: 3))
        #expect(Self.terminal(after: jump, from: newer, to: three).shown == three)
    }

    @Test("no scroll when nothing moved, when too little would move, or when the size changed")
    func noScroll() {
        let screen = Self.screen(messages: Self.messages(0..<8))
        #expect(RowScroll.find(from: screen, to: screen) == nil)
        var edited = screen
        edited.write("other header", x: 1, y: 0)
        #expect(RowScroll.find(from: screen, to: edited) == nil)
        // Two pane rows: one new message moves one changed row, below the two a scroll must save.
        #expect(RowScroll.find(from: Self.screen(messages: Self.messages(0..<8), paneRows: 2),
                               to: Self.screen(messages: Self.messages(0..<9), paneRows: 2)) == nil)
        #expect(RowScroll.find(from: screen, to: Self.screen(messages: Self.messages(0..<9), width: 41)) == nil)
    }
}
