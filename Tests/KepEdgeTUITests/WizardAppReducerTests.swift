import Foundation
import Testing
import KepEdgeCore
import KepEdgeTUI

/// The app's own decisions, through the reducer `kepedge` runs: saving when a step completes, F3 files,
/// the quit question, resizes.
@Suite struct WizardAppReducerTests {
    @Test func aCompletedStepIsSavedAtOnceAndTheSaveClearsUnsavedWork() throws {
        let scenario = WizardScenario.certificateProbed()
        #expect(Wizard.status(of: .certificate, in: scenario.state).isDone)
        let saves = scenario.appEffects.compactMap { if case .saveSession(let session) = $0 { session } else { nil } }
        let saved = try #require(saves.last, "step 1 just completed: its settings are saved")
        #expect(saves.count == 1)
        #expect(saved == WizardSession(scenario.state, savedAt: scenario.state.now))

        var confirmed = scenario
        confirmed.dispatch(.action(.sessionSaved(saved)))
        #expect(!confirmed.state.unsavedChanges)

        var editedMeanwhile = scenario
        editedMeanwhile.press(.pageUp)
        editedMeanwhile.type("x")  // the CA path field changed after the save was asked
        editedMeanwhile.dispatch(.action(.sessionSaved(saved)))
        #expect(editedMeanwhile.state.unsavedChanges, "a save of older settings does not cover the newer ones")
    }

    @Test func withoutASessionFileNothingIsSaved() {
        var lab = WizardScenario.configured()
        lab.ui.sessionPath = nil
        lab.press(.enter)
        let generation = lab.generation { if case .certificate(.probeTLS(_, let g)) = $0 { g } else { nil } }
        lab.send(.certificate(.caLoaded(generation, .success(ScreenFixtures.rootCA))))
        lab.send(.certificate(.probeFinished(generation, ScreenFixtures.report(verifyCode: 0, text: "ok"))))
        #expect(Wizard.status(of: .certificate, in: lab.state).isDone)
        #expect(lab.appEffects.isEmpty)
    }

    @Test func aFailedStepIsNotSaved() {
        let failed = WizardScenario.certificateProbed(ScreenFixtures.report(verifyCode: 19, text: "self-signed certificate in certificate chain"))
        #expect(!Wizard.status(of: .certificate, in: failed.state).isDone)
        #expect(failed.appEffects.isEmpty)
    }

    @Test func f3AsksToWriteIntoTheExportFolderAndTheOutcomeIsShownUntilTheNextKey() throws {
        var scenario = WizardScenario.tokenGenerated()
        scenario.appEffects = []
        scenario.press(.function(3))
        guard case .writeFile(let file, let directory) = try #require(scenario.appEffects.last) else {
            Issue.record("expected a write, got \(scenario.appEffects)")
            return
        }
        #expect(file.fileName == "kepedge-sas.txt")
        #expect(directory == scenario.state.certificate.exportDirectory)
        scenario.dispatch(.action(.fileWritten(.init("Wrote 2 value(s) to /tmp/kepedge-sas.txt"))))
        #expect(scenario.ui.notice?.text == "Wrote 2 value(s) to /tmp/kepedge-sas.txt")
        #expect(scenario.render().rowTexts.contains { $0.contains("Wrote 2 value(s)") })
        scenario.press(.tab)
        #expect(scenario.ui.notice == nil)
    }

    @Test func f3WithNothingToWriteSaysSoAndAsksNothing() {
        var scenario = WizardScenario()
        scenario.press(.function(3))
        #expect(scenario.appEffects.isEmpty)
        #expect(scenario.ui.notice?.isError == true)
    }

    @Test func quitWithAndWithoutSaving() {
        var saving = WizardScenario()
        saving.type("/ca.pem")
        saving.press(.function(10))
        #expect(saving.ui.asksToQuit && saving.appEffects.isEmpty)
        saving.press(.character("y"))
        #expect(saving.appEffects == [.quit] && saving.app.saveOnQuit)

        var discarding = WizardScenario()
        discarding.type("/ca.pem")
        discarding.press(.function(10), .character("n"))
        #expect(discarding.appEffects == [.quit] && !discarding.app.saveOnQuit)
    }

    @Test func theSizeComesFromTheResizeEventAndAScrolledBodyStaysInReach() {
        var scenario = WizardScenario.certificateProbed(ScreenFixtures.report(verifyCode: 19, text: "self-signed certificate in certificate chain"))
        let form = StepForm.of(.certificate)
        for _ in 0..<(form.focusCount + 40) { scenario.press(.down) }
        let scrolledAt80 = scenario.ui.bodyScroll[.certificate] ?? 0
        #expect(scrolledAt80 > 0, "the result is longer than the 80x24 body")

        scenario.resize(to: TerminalSize(width: 160, height: 60))
        #expect(scenario.ui.screenSize == TerminalSize(width: 160, height: 60))
        #expect((scenario.ui.bodyScroll[.certificate] ?? 0) <= WizardScreen.bodyScrollLimit(scenario.state, scenario.ui))
        #expect((scenario.ui.bodyScroll[.certificate] ?? 0) < scrolledAt80, "more fits: less to scroll")
    }
}

extension CellGrid {
    var rowTexts: [String] { (0..<height).map(rowText) }
}
