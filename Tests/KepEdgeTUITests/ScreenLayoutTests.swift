import Testing
import KepEdgeTUI

@Suite struct ScreenLayoutTests {
    private func panes(_ width: Int, _ height: Int) throws -> ScreenPanes {
        guard case .panes(let panes) = ScreenLayout.split(TerminalSize(width: width, height: height)) else {
            Issue.record("\(width)x\(height) should be big enough")
            throw CancellationError()
        }
        return panes
    }

    /// Every row belongs to exactly one region and the panes tile the screen.
    private func expectTiles(_ p: ScreenPanes, _ width: Int, _ height: Int) {
        #expect(p.header == Rect(x: 0, y: 0, width: width, height: 1))
        #expect(p.stepBar == Rect(x: 0, y: 1, width: width, height: 1))
        #expect(p.keyBar == Rect(x: 0, y: height - 1, width: width, height: 1))
        if p.connectionIsStrip {
            #expect(p.connection == Rect(x: 0, y: 2, width: width, height: 1))
            #expect(p.form.y == 3 && p.form.x == 0 && p.form.width == width)
        } else {
            #expect(p.form.y == 2 && p.connection.y == 2 && p.form.height == p.connection.height)
            #expect(p.form.x == 0 && p.form.maxX == p.connection.x && p.connection.maxX == width)
        }
        #expect(p.messages.y == p.form.maxY && p.messages.maxY == height - 1 && p.messages.width == width)
    }

    @Test func at80x24TheConnectionPaneIsAStripAndTheResultsGetTheWidth() throws {
        let p = try panes(80, 24)
        expectTiles(p, 80, 24)
        #expect(!p.isWide && p.connectionIsStrip)
        #expect(p.form.width == 80)
        #expect(p.messages.height == 7)  // five messages inside the box
        #expect(p.form.height == 13)
    }

    @Test func at100x30TheExtraRowsGoToFormAndMessages() throws {
        let p = try panes(100, 30)
        expectTiles(p, 100, 30)
        #expect(p.connectionIsStrip && p.form.width == 100)
        #expect(p.messages.height == 9 && p.form.height == 17)
    }

    @Test func from120ColumnsTheConnectionPaneGrows() throws {
        let p = try panes(132, 43)
        expectTiles(p, 132, 43)
        #expect(p.isWide && !p.connectionIsStrip, "side by side from 120 columns")
        #expect(p.connection.width == 46)
        #expect(p.messages.height == 13)
        let big = try panes(200, 60)
        expectTiles(big, 200, 60)
        #expect(big.connection.width == 60)  // capped: the form keeps the rest
        #expect(big.form.width == 140)
        #expect(big.messages.height == 19)
    }

    @Test func belowEightyByTwentyFourTheScreenIsTooSmall() {
        #expect(ScreenLayout.split(TerminalSize(width: 79, height: 24)) == .tooSmall(TerminalSize(width: 79, height: 24)))
        #expect(ScreenLayout.split(TerminalSize(width: 80, height: 23)) == .tooSmall(TerminalSize(width: 80, height: 23)))
        #expect(ScreenLayout.split(TerminalSize(width: 0, height: 0)) == .tooSmall(TerminalSize(width: 0, height: 0)))
    }
}
