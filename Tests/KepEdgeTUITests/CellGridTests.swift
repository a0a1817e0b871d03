import Testing
@testable import KepEdgeTUI

@Suite struct CellGridTests {
    @Test func displayWidthCountsWideAndCombiningCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute is one column
        #expect(DisplayWidth.of("✔") == 1)
        #expect(DisplayWidth.of("🙂") == 2)
    }

    @Test func writeClipsToTheGivenWidthAndShowsTheCutWithAnEllipsis() {
        var grid = CellGrid(width: 12, height: 1)
        let written = grid.write("edge-gw-01.plant.local", x: 1, y: 0, maxWidth: 8, ellipsis: "…")
        #expect(written == 8)
        #expect(grid.rowText(0) == " edge-gw…   ")
    }

    @Test func writeNeverPassesTheGridEdge() {
        var grid = CellGrid(width: 5, height: 2)
        grid.write("abcdefgh", x: 2, y: 1)
        #expect(grid.goldenText == "     |\n  abc|\n")
    }

    @Test func wideCharactersTakeTwoCellsAndAreDroppedWhenOnlyOneFits() {
        var grid = CellGrid(width: 5, height: 1)
        grid.write("a日本", x: 0, y: 0)
        // "a" + 日 (2 cells) + 本 would need columns 3-4: fits exactly.
        #expect(grid.rowText(0) == "a日本")
        var narrow = CellGrid(width: 4, height: 1)
        narrow.write("a日本", x: 0, y: 0)
        #expect(narrow.rowText(0) == "a日 ")
        #expect(narrow[2, 0].isWideContinuation)
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 4, height: 1)
        grid.write("日本", x: 0, y: 0)
        grid.write("x", x: 1, y: 0)
        #expect(grid.rowText(0) == " x本")
    }

    @Test func controlCharactersBecomeSpacesSoTheyCannotMoveTheCursor() {
        var grid = CellGrid(width: 4, height: 1)
        grid.write("a\u{1B}b", x: 0, y: 0)
        #expect(grid.rowText(0) == "a b ")
    }

    @Test func boxDrawsCornersEdgesAndTitleInBothGlyphSets() {
        var grid = CellGrid(width: 10, height: 3)
        grid.box(grid.bounds, title: "TLS", glyphs: .unicode)
        #expect(grid.goldenText == "┌ TLS ───┐|\n│        │|\n└────────┘|\n")
        var ascii = CellGrid(width: 10, height: 3)
        ascii.box(ascii.bounds, title: "TLS", glyphs: .ascii)
        #expect(ascii.goldenText == "+ TLS ---+|\n|        ||\n+--------+|\n")
    }

    @Test func wrapBreaksAtSpacesAndSplitsWordsLongerThanALine() {
        #expect(CellGrid.wrap("the gateway name does not resolve", width: 12) == ["the gateway", "name does", "not resolve"])
        #expect(CellGrid.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(CellGrid.wrap("one\ntwo", width: 10) == ["one", "two"])
    }

    @Test func truncateKeepsShortTextAndCutsLongText() {
        #expect(CellGrid.truncate("short", toWidth: 10, ellipsis: "…") == "short")
        #expect(CellGrid.truncate("a longer text", toWidth: 6, ellipsis: "~") == "a lon~")
    }
}
