import Foundation
import Testing
import KepEdgeCore
import KepEdgeTUI

/// The full-screen detail view (Ctrl-O) and the mouse wheel, through the app's reducer as `kepedge` runs it.
@Suite struct ResultDetailTests {
    private static func wrongCA() -> WizardScenario {
        WizardScenario.certificateProbed(ScreenFixtures.report(verifyCode: 19, text: "self-signed certificate in certificate chain"))
    }

    @Test func ctrlOOpensTheStepsResultsWholeAndEscGoesBackWithTheFocusWhereItWas() {
        var scenario = Self.wrongCA()
        scenario.press(.tab)
        let focus = scenario.ui.focusIndex(on: .certificate)
        let stepScreen = scenario.render().rowTexts.joined(separator: "\n")
        #expect(stepScreen.contains("more (F5, ^O all)"), "the cut says where the rest is:\n\(stepScreen)")
        scenario.press(.control("o"))
        #expect(scenario.ui.detail == ResultDetail())

        let lines = DetailScreen.lines(scenario.state, scenario.ui, glyphs: .unicode).map(\.text)
        // Nothing cut: the whole CA path and every fingerprint are there, each on one logical line.
        #expect(lines.contains("Root CA file: /etc/aziot/certs/root-ca.pem"))
        let fingerprints = lines.filter { $0.contains("3F:A1:0C:9B:22:71:5E:D0:88:14:6A:BC:01:F2:7D:93:40:E5:6C:AA") }
        #expect(!fingerprints.isEmpty, "the SHA-1 fingerprint in full:\n\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.hasPrefix("Fix: ") })
        let screen = scenario.render().rowTexts
        #expect(screen.first?.contains("Details: 1 Gateway root CA") == true)
        #expect(!screen.joined().contains("…"), "no ellipsis in the detail view:\n\(screen.joined(separator: "\n"))")

        scenario.press(.escape)
        #expect(scenario.ui.detail == nil)
        #expect(scenario.ui.focusIndex(on: .certificate) == focus)
        #expect(scenario.state.current == .certificate, "Esc closed the view, it did not go a step back")
    }

    @Test func downMovesTheSelectionAndThePageFollowsIt() {
        var scenario = Self.wrongCA()
        scenario.press(.control("o"))
        let count = DetailScreen.lines(scenario.state, scenario.ui, glyphs: .unicode).count
        scenario.press(.down, .down)
        #expect(scenario.ui.detail?.selected == 2)
        scenario.press(.end)
        #expect(scenario.ui.detail?.selected == count - 1)
        #expect(scenario.render().rowTexts.first?.contains("line \(count) of \(count)") == true)
        scenario.press(.home)
        #expect(scenario.ui.detail == ResultDetail())
        scenario.press(.wheelDown)
        #expect(scenario.ui.detail?.selected == 3, "a wheel notch is three lines")

        // Longer than a page: the first line shown follows the selection down, and back up.
        let size = TerminalSize(width: 80, height: 24)
        let long = (0..<40).map { DetailLine(text: "line \($0)", style: .plain, indent: 0, holdsSecret: false) }
        let height = DetailScreen.pageHeight(size)
        let down = DetailScreen.scrolledToSelection(ResultDetail(selected: 30), lines: long, size: size)
        #expect(down == ResultDetail(selected: 30, first: 30 - height + 1))
        let up = DetailScreen.scrolledToSelection(ResultDetail(selected: 5, first: down.first), lines: long, size: size)
        #expect(up == ResultDetail(selected: 5, first: 5))
        #expect(DetailScreen.scrolledToSelection(ResultDetail(selected: 99), lines: long, size: size).selected == 39)
    }

    @Test func f3WritesTheSelectedLineAloneThroughF3sWritingPath() throws {
        var scenario = Self.wrongCA()
        scenario.press(.control("o"))
        let lines = DetailScreen.lines(scenario.state, scenario.ui, glyphs: .unicode)
        let index = try #require(lines.firstIndex { $0.text.hasPrefix("Root CA file: ") })
        scenario.press(.home)
        for _ in 0..<index { scenario.press(.down) }
        scenario.appEffects = []
        scenario.press(.function(3))
        guard case .writeFile(let file, let directory) = try #require(scenario.appEffects.last) else {
            Issue.record("expected a write, got \(scenario.appEffects)")
            return
        }
        #expect(file.fileName == "kepedge-certificate-line.txt")
        #expect(file.contents == "Root CA file: /etc/aziot/certs/root-ca.pem\n")
        #expect(!file.holdsSecret)
        #expect(directory == scenario.state.certificate.exportDirectory)
        scenario.dispatch(.action(.fileWritten(.init("Wrote 1 value(s) to /tmp/kepedge-certificate-line.txt"))))
        #expect(scenario.render().rowTexts.contains { $0.contains("Wrote 1 value(s)") }, "the outcome shows in the detail view")
        #expect(scenario.ui.detail != nil)
    }

    @Test func aRevealedSecretIsWrittenAsASecretAndAMaskedOneIsNotShown() throws {
        var scenario = WizardScenario.tokenGenerated()
        scenario.press(.control("o"))
        var lines = DetailScreen.lines(scenario.state, scenario.ui, glyphs: .unicode)
        let token = try #require(scenario.state.sas.token?.value.revealed)
        #expect(!lines.contains { $0.text.contains(token) }, "masked until F2")
        scenario.press(.function(2))
        lines = DetailScreen.lines(scenario.state, scenario.ui, glyphs: .unicode)
        let index = try #require(lines.firstIndex { $0.text.contains(token) })
        #expect(lines[index].holdsSecret)
        for _ in 0..<index { scenario.press(.down) }
        scenario.appEffects = []
        scenario.press(.function(3))
        guard case .writeFile(let file, _) = try #require(scenario.appEffects.last) else {
            Issue.record("expected a write, got \(scenario.appEffects)")
            return
        }
        #expect(file.holdsSecret, "written 0600")
        #expect(file.contents.contains(token))
    }

    @Test func theWheelScrollsTheResultsWithoutMovingTheFocus() {
        var scenario = Self.wrongCA()
        let focus = scenario.ui.focusIndex(on: .certificate)
        #expect(WizardScreen.bodyScrollLimit(scenario.state, scenario.ui) > 3)
        scenario.press(.wheelDown)
        #expect(scenario.ui.bodyScroll[.certificate] == 3)
        #expect(scenario.ui.focusIndex(on: .certificate) == focus)
        scenario.press(.wheelUp, .wheelUp)
        #expect(scenario.ui.bodyScroll[.certificate] == 0)
    }

    @Test func theHelpNamesTheNewKeys() {
        let help = StepHelp.lines(for: .certificate, width: 200).joined(separator: " ")
        #expect(help.contains("mouse wheel"))
        #expect(help.contains("Ctrl-O shows all of them full screen"))
    }
}
