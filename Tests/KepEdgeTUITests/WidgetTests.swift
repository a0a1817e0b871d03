import KepEdgeCore
import Testing
import KepEdgeTUI

@Suite struct WidgetTests {
    private func stepBar(_ statuses: [StepBarStatus]) -> StepBarView {
        StepBarView(items: zip(StepID.allCases.map(\.shortTitle), statuses).enumerated().map {
            .init(number: $0.offset + 1, label: $0.element.0, status: $0.element.1)
        })
    }

    @Test func everyStepStatusHasItsOwnGlyphInBothGlyphSets() {
        for glyphs in [GlyphSet.unicode, .ascii] {
            let marks = StepBarStatus.allCases.map { $0.glyph(glyphs) }
            #expect(Set(marks).count == StepBarStatus.allCases.count, "statuses must be told apart without colour")
        }
    }

    @Test func stepBarShowsGlyphNumberAndLabelForEachStep() {
        var grid = CellGrid(width: 80, height: 1)
        stepBar([.done, .current, .pending, .stale, .failed, .running]).render(into: &grid, in: grid.bounds, glyphs: .ascii)
        #expect(grid.rowText(0).hasPrefix("  + 1 Certificate   * 2 Names   o 3 Device   ! 4 SAS   x 5 Agent   ~ 6 Validate"))
    }

    @Test func theDemoDrawsTheWizardsFixedWidthMaskUntilRevealedAndPutsTheCursorInTheFocusedField() throws {
        var state = FrameworkDemo.initialState()
        state.focus = 2
        let row = { (grid: CellGrid) in (0..<grid.height).map(grid.rowText).first { $0.contains("Device key") } ?? "" }
        let masked = FrameworkDemo.render(state, size: TerminalSize(width: 80, height: 24), capabilities: TerminalCapabilities(unicode: true, colors: .none))
        #expect(row(masked).filter { String($0) == GlyphSet.unicode.mask }.count == 8, "eight mask glyphs whatever the key's length")
        #expect(!row(masked).contains("c2Vj"))
        #expect(try #require(masked.cursor).y == (0..<masked.height).first { masked.rowText($0).contains("Device key") })
        state.revealsSecrets = true
        let revealed = FrameworkDemo.render(state, size: TerminalSize(width: 80, height: 24), capabilities: TerminalCapabilities(unicode: true, colors: .none))
        #expect(row(revealed).contains("c2VjcmV0LWtleS1ub3QtcmVhbA=="))
    }

    @Test func messagePaneFollowsTheNewestAndScrollsBack() {
        let messages = (1...10).map { PaneMessage(time: "00:00:0\($0 % 10)", source: "tls", level: .info, text: "event \($0)") }
        var pane = MessagePaneView(messages: messages)
        #expect(pane.visibleMessages(rows: 3).map(\.text) == ["event 8", "event 9", "event 10"])
        pane.scrollOffset = 2
        #expect(pane.visibleMessages(rows: 3).map(\.text) == ["event 6", "event 7", "event 8"])
        pane.scrollOffset = 100  // clamped to the oldest page
        #expect(pane.visibleMessages(rows: 3).map(\.text) == ["event 1", "event 2", "event 3"])
    }

    @Test func pausedPaneSaysSoAndCountsNewEvents() {
        let pane = MessagePaneView(messages: [], isPaused: true, newWhilePaused: 7)
        #expect(pane.title(.ascii) == "Messages - PAUSED, 7 new")
    }

    @Test func spinnerFrameIsAPureFunctionOfElapsedTime() {
        #expect(SpinnerView.frame(elapsed: .zero, glyphs: .ascii) == "|")
        #expect(SpinnerView.frame(elapsed: .milliseconds(100), glyphs: .ascii) == "/")
        #expect(SpinnerView.frame(elapsed: .milliseconds(450), glyphs: .ascii) == "|")  // 4 frames: wraps
        #expect(SpinnerView.frame(elapsed: .milliseconds(999), glyphs: .unicode) == GlyphSet.unicode.spinner[9])
        #expect(SpinnerView.formatElapsed(.milliseconds(4250)) == "4.2s")
        #expect(SpinnerView.formatElapsed(.seconds(65)) == "1m05s")
        #expect(SpinnerView(label: "Probing TLS", elapsed: .seconds(2)).text(.ascii) == "| Probing TLS 2.0s  (Esc cancels)")
    }

    @Test func keyBarDropsBindingsThatDoNotFitWhole() {
        var grid = CellGrid(width: 20, height: 1)
        KeyBarView.standard.render(into: &grid, in: grid.bounds, glyphs: .ascii)
        #expect(grid.rowText(0) == "F1 Help  " + String(repeating: " ", count: 11))
    }

    @Test func tooSmallMessageNamesTheMinimumAndTheCurrentSize() {
        var grid = CellGrid(width: 30, height: 5)
        TooSmallView(size: grid.size).render(into: &grid)
        let text = (0..<5).map(grid.rowText).joined(separator: " ")
        #expect(text.contains("Enlarge the terminal to 80x24"))
        #expect(text.contains("30x5"))
    }
}
