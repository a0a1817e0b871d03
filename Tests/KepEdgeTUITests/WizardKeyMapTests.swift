import Foundation
import Testing
import KepEdgeCore
import KepEdgeTUI

/// The wizard's keys without a terminal: what each does to the wizard and the screen's own state.
@Suite struct WizardKeyMapTests {
    @Test func typingEditsTheFocusedFieldAndLettersAreTextThere() {
        var scenario = WizardScenario()
        scenario.type("/etc/q?.pem")
        #expect(scenario.state.certificate.caPath == "/etc/q?.pem")
        #expect(!scenario.ui.showsHelp && !scenario.ui.asksToQuit && scenario.requests.isEmpty)
        scenario.press(.left, .left, .left, .left, .backspace, .home, .delete)
        #expect(scenario.state.certificate.caPath == "etc/q.pem")
        #expect(scenario.state.unsavedChanges)
    }

    @Test func quitAsksWhenThereIsUnsavedWorkAndAnswersDecideSaving() {
        var clean = WizardScenario()
        clean.press(.function(10))
        #expect(clean.requests == [.quit] && !clean.app.saveOnQuit, "nothing to lose: quit at once")

        var edited = WizardScenario()
        edited.type("/ca.pem")
        edited.press(.tab, .tab, .character("q"))
        #expect(edited.ui.asksToQuit && edited.requests.isEmpty)
        edited.press(.escape)
        #expect(!edited.ui.asksToQuit, "Esc stays")
        edited.press(.character("q"), .enter)
        #expect(!edited.ui.asksToQuit && edited.appEffects.isEmpty, "Enter takes the focused button, Stay")
        edited.press(.character("q"), .character("n"))
        #expect(edited.requests == [.quit] && !edited.app.saveOnQuit)
        edited.appEffects = []
        edited.ui.asksToQuit = false
        edited.press(.function(10), .character("y"))
        #expect(edited.requests == [.quit] && edited.app.saveOnQuit)
    }

    @Test func withoutASessionFileQuitDoesNotOfferToSave() {
        // A lab's wizard: its folder goes when it stops, so there is nothing to save to and nothing to ask.
        var lab = WizardScenario()
        lab.ui.sessionPath = nil
        lab.type("/ca.pem")
        lab.press(.function(10))
        #expect(!lab.ui.asksToQuit)
        #expect(lab.requests == [.quit] && !lab.app.saveOnQuit)
    }

    @Test func aPathLongerThanItsFieldShowsItsTailAfterAMarkThatSaysItIsCut() {
        var wizard = WizardScenario()
        wizard.type("/tmp/kepedge-lab-x/certs/certs/azure-iot-test-only.root.ca.cert.pem")
        func fieldRow(_ grid: CellGrid) -> String {
            (0..<grid.height).map { grid.rowText($0) }.first { $0.contains("Root CA file") } ?? ""
        }
        let unicode = fieldRow(wizard.render())
        #expect(unicode.contains("Root CA file  …"), "\(unicode)")
        #expect(unicode.contains("test-only.root.ca.cert.pem"))
        #expect(fieldRow(wizard.render(unicode: false)).contains("Root CA file  <"))
        wizard.press(.home)
        let fromStart = fieldRow(wizard.render())
        #expect(fromStart.contains("/tmp/kepedge-lab-x/") && fromStart.contains("…"), "cut on the right: \(fromStart)")
    }

    @Test func theHeaderSaysUnsavedOnlyWhenThereIsASessionFileToSaveTo() {
        var wizard = WizardScenario()
        wizard.type("/ca.pem")
        #expect(wizard.render().rowText(0).contains("unsaved"))
        var lab = wizard
        lab.ui.sessionPath = nil
        #expect(lab.state.unsavedChanges)
        #expect(!lab.render().rowText(0).contains("unsaved"), "a lab has nowhere to save: \(lab.render().rowText(0))")
    }

    @Test func helpOpensWithF1OrQuestionMarkOnAButtonAndEscCloses() throws {
        var scenario = WizardScenario.configured()
        scenario.press(.function(1))
        #expect(scenario.ui.showsHelp)
        let screen = scenario.render()
        #expect((0..<screen.height).contains { screen.rowText($0).contains("By hand: Copy $CERTDIR") })
        scenario.press(.escape)
        #expect(!scenario.ui.showsHelp)
        scenario.press(.tab, .tab, .character("?"))
        #expect(scenario.ui.showsHelp)
    }

    @Test func nextStepIsBlockedWithTheReasonAndTabWalksFieldsThenButtons() {
        var scenario = WizardScenario()
        scenario.press(.control("n"))
        #expect(scenario.state.current == .certificate)
        #expect(scenario.state.blockedReason?.hasPrefix("Step 1 (Certificate): Root CA file is empty") == true)
        scenario.press(.tab, .tab)
        #expect(scenario.ui.focusIndex(on: .certificate) == 2)
        #expect(scenario.ui.focusedField(in: scenario.state) == nil)
        scenario.press(.backTab, .backTab, .backTab)
        #expect(scenario.ui.focusIndex(on: .certificate) == 4, "Shift-Tab wraps to the last button")
    }

    @Test func escCancelsRunningWorkOtherwiseGoesBack() {
        var scenario = WizardScenario.configured()
        scenario.press(.enter)
        #expect(Wizard.status(of: .certificate, in: scenario.state) == .running)
        #expect(scenario.ui.runningSince[.certificate] == WizardScenario.now)
        scenario.effects = []
        scenario.press(.escape)
        #expect(Wizard.status(of: .certificate, in: scenario.state) == .pending)
        #expect(scenario.effects.contains { if case .certificate(.cancel) = $0 { true } else { false } })
        #expect(scenario.ui.runningSince[.certificate] == nil)

        var names = WizardScenario.certificateProbed()
        names.press(.pageDown)
        #expect(names.state.current == .names)
        names.press(.escape)
        #expect(names.state.current == .certificate)
    }

    @Test func secretsShowAFixedWidthMaskUntilRevealed() {
        func ownerRow(_ secret: String, reveal: Bool = false) -> String {
            var scenario = WizardScenario.namesChecked()
            scenario.press(.pageDown, .tab, .tab, .tab)
            scenario.type(secret)
            if reveal { scenario.press(.function(2)) }
            let grid = scenario.render()
            return (0..<grid.height).map(grid.rowText).first { $0.contains("Owner conn.") } ?? ""
        }
        #expect(ownerRow("short") == ownerRow(ScreenFixtures.ownerConnectionString), "the mask does not give the length away")
        #expect(!ownerRow("short").contains("short"))
        #expect(ownerRow("short", reveal: true).contains("short"))
    }

    @Test func writeKeyAsksForAFileWithTheTokenMarkedSecret() throws {
        var scenario = WizardScenario.tokenGenerated()
        scenario.press(.function(3))
        guard case .writeFile(let file, _) = try #require(scenario.appEffects.last) else {
            Issue.record("expected a write, got \(scenario.appEffects)")
            return
        }
        let token = try #require(scenario.state.sas.token)
        #expect(file.fileName == "kepedge-sas.txt")
        #expect(file.holdsSecret)
        #expect(file.contents.contains(token.value.revealed))
        let screen = scenario.render()
        #expect(!(0..<screen.height).contains { screen.rowText($0).contains(String(token.value.revealed.suffix(20))) },
                "the token stays masked on screen")
    }

    @Test func messagePaneFiltersBySourceAndTextPausesAndClears() {
        var scenario = WizardScenario.validated()
        scenario.kepwareEvents(3)
        scenario.press(.function(6))
        scenario.type("source:kepware 41")
        scenario.press(.enter)
        #expect(scenario.state.messages.filter == MonitorEventStore.Filter(text: "41", sources: [.kepware]))
        #expect(scenario.state.messages.visible.count == 1)
        scenario.press(.function(4))
        #expect(scenario.state.messages.isPaused)
        scenario.kepwareEvents(2)
        let grid = scenario.render()
        #expect((0..<grid.height).contains { grid.rowText($0).contains("PAUSED, 3 new") })
        scenario.press(.function(9))
        #expect(scenario.state.messages.count == 0)
    }

    @Test func pgDnFromValidationShowsTheSummaryWithEveryCarriedValue() {
        var scenario = WizardScenario.validated()
        scenario.press(.pageDown)
        #expect(scenario.ui.showsSummary)
        let text = (0..<scenario.render(TerminalSize(width: 132, height: 43)).height)
            .map(scenario.render(TerminalSize(width: 132, height: 43)).rowText).joined(separator: "\n")
        for expected in ["10.20.0.5 gw01.plant.local", "3FA10C9B22715ED088146ABC01F27D9340E56CAA", "ssl://gw01.plant.local:8883",
                         "devices/kepware-line3/messages/events/", "plant-hub.azure-devices.net/kepware-line3/?api-version="] {
            #expect(text.contains(expected), "summary lacks \(expected):\n\(text)")
        }
        scenario.press(.pageUp)
        #expect(!scenario.ui.showsSummary && scenario.state.current == .validation)
    }

    @Test func downPastTheLastButtonScrollsTheResultsUpToTheirEndAndUpScrollsBack() {
        var scenario = WizardScenario.certificateProbed()
        scenario.press(.tab, .tab, .tab, .tab)
        #expect(scenario.ui.focusIndex(on: .certificate) == 4)
        let limit = WizardScreen.bodyScrollLimit(scenario.state, scenario.ui)
        #expect(limit > 0, "at 80x24 step 1's verdicts do not fit")
        for _ in 0..<(limit + 5) { scenario.press(.down) }
        #expect(scenario.ui.bodyScroll[.certificate] == limit)
        #expect(scenario.ui.focusIndex(on: .certificate) == 4, "Down past the end does not wrap the focus")
        let grid = scenario.render()
        #expect(!(0..<grid.height).contains { grid.rowText($0).contains("more (Down)") }, "scrolled to the end")
        for _ in 0..<limit { scenario.press(.up) }
        #expect(scenario.ui.bodyScroll[.certificate] == 0)
        scenario.press(.up)
        #expect(scenario.ui.focusIndex(on: .certificate) == 3)
    }
}
