import Foundation
import KepEdgeCore
import Testing
import KepEdgeTestSupport
import KepEdgeTUI

/// Golden renderings of the framework (the step screens add theirs later). KEPEDGE_RECORD_SCREENS=1 re-records.
@Suite struct GoldenScreenTests {
    private let unicode = TerminalCapabilities(unicode: true, colors: .none)
    private let ascii = TerminalCapabilities(unicode: false, colors: .none)

    private func expectGolden(_ grid: CellGrid, _ name: String) {
        let outcome = ScreenGolden.check(grid.goldenText, named: name)
        #expect(outcome == .matched, "\(outcome)")
    }

    @Test func demoScreenAt80x24() {
        expectGolden(FrameworkDemo.render(FrameworkDemo.initialState(), size: TerminalSize(width: 80, height: 24), capabilities: unicode),
                     "framework-demo-80x24")
    }

    @Test func demoScreenAt132x43() {
        expectGolden(FrameworkDemo.render(FrameworkDemo.initialState(), size: TerminalSize(width: 132, height: 43), capabilities: unicode),
                     "framework-demo-132x43")
    }

    @Test func demoScreenInAsciiAt80x24() {
        expectGolden(FrameworkDemo.render(FrameworkDemo.initialState(), size: TerminalSize(width: 80, height: 24), capabilities: ascii),
                     "framework-demo-ascii-80x24")
    }

    @Test func tooSmallAt79x24() {
        expectGolden(FrameworkDemo.render(FrameworkDemo.initialState(), size: TerminalSize(width: 79, height: 24), capabilities: unicode),
                     "framework-too-small-79x24")
    }

    @Test func stepBarInEveryStatus() {
        var grid = CellGrid(width: 80, height: 2)
        let bar = StepBarView(items: zip(StepID.allCases.map(\.shortTitle), StepBarStatus.allCases).enumerated().map {
            .init(number: $0.offset + 1, label: $0.element.0, status: $0.element.1)
        })
        bar.render(into: &grid, in: Rect(x: 0, y: 0, width: 80, height: 1), glyphs: .unicode)
        bar.render(into: &grid, in: Rect(x: 0, y: 1, width: 80, height: 1), glyphs: .ascii)
        expectGolden(grid, "framework-step-bar-statuses")
    }

    @Test func messagePanePausedWithACounterAndFiltered() {
        var grid = CellGrid(width: 80, height: 7)
        // The wizard's way: the store filters and pauses, the pane shows what it says.
        var store = MonitorEventStore(capacity: 100)
        let start = Date(timeIntervalSince1970: 1_789_956_843)  // 02:14:03 UTC
        store.append(MonitorEvent(time: start, source: .probe, level: .info, text: "connected"))
        store.append(MonitorEvent(time: start.addingTimeInterval(1), source: .broker, level: .error,
                                  text: "CONNACK: not authorized (5): the SAS token's signature does not match the device key"))
        store.append(MonitorEvent(time: start.addingTimeInterval(2), source: .broker, level: .warning, text: "retrying in 5 s"))
        store.filter = MonitorEventStore.Filter(sources: [.broker])
        store.pause()
        for second in 3..<15 { store.append(MonitorEvent(time: start.addingTimeInterval(Double(second)), source: .broker, level: .info, text: "later")) }
        let pane = MessagePaneView(store: store)
        pane.render(into: &grid, in: grid.bounds, glyphs: .unicode)
        expectGolden(grid, "framework-messages-paused")
    }

    @Test func helpAndQuitQuestionOverlays() {
        var state = FrameworkDemo.initialState()
        state.showsHelp = true
        expectGolden(FrameworkDemo.render(state, size: TerminalSize(width: 80, height: 24), capabilities: unicode), "framework-help-80x24")
        state.showsHelp = false
        state.quitQuestion = .quitWithUnsavedWork
        expectGolden(FrameworkDemo.render(state, size: TerminalSize(width: 80, height: 24), capabilities: unicode), "framework-quit-question-80x24")
    }
}
