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
        let bar = StepBarView(items: zip(StepBarView.wizardLabels, StepBarStatus.allCases).enumerated().map {
            .init(number: $0.offset + 1, label: $0.element.0, status: $0.element.1)
        })
        bar.render(into: &grid, in: Rect(x: 0, y: 0, width: 80, height: 1), glyphs: .unicode)
        bar.render(into: &grid, in: Rect(x: 0, y: 1, width: 80, height: 1), glyphs: .ascii)
        expectGolden(grid, "framework-step-bar-statuses")
    }

    @Test func formWithFocusErrorAndMaskedSecret() {
        var grid = CellGrid(width: 50, height: 12)
        let form = FormView(title: "4 SAS", fields: [
            .init(label: "Hub", text: TextField("plant-hub.azure-devices.net"), hint: "the IoT hub's host name"),
            .init(label: "Lifetime", text: TextField("-5"), error: "lifetime must be at least 1 hour"),
            .init(label: "Device key", text: TextField("bm90LWEtcmVhbC1rZXk="), isSecret: true),
        ], actions: ["Generate", "Copy"], focus: .field(2))
        form.render(into: &grid, in: grid.bounds, glyphs: .unicode)
        expectGolden(grid, "framework-form-focus-error-secret")
    }

    @Test func messagePanePausedWithACounterAndFiltered() {
        var grid = CellGrid(width: 80, height: 7)
        let pane = MessagePaneView(messages: [
            PaneMessage(time: "02:14:03", source: "tls", level: .info, text: "connected"),
            PaneMessage(time: "02:14:04", source: "mqtt", level: .error, text: "CONNACK: not authorized (5): the SAS token's signature does not match the device key"),
            PaneMessage(time: "02:14:05", source: "mqtt", level: .warning, text: "retrying in 5 s"),
        ], isPaused: true, newWhilePaused: 12, filter: "mqtt")
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
