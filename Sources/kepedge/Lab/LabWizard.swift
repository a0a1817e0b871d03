import Foundation
import KepEdgeLab

/// Opens the wizard on a lab: the one call the terminal UI hooks into (`launch.prefill` as the starting
/// `Wizard.State`, `launch.eventSources` added to the message pane). True when the wizard ran and was closed
/// (the lab then stops); false when there is no wizard to open (the lab runs until Ctrl-C).
enum LabWizard {
    static func open(_ launch: LabWizardLaunch) async -> Bool {
        // The terminal wizard is not in this build: the lab keeps running headless until Ctrl-C.
        FileHandle.standardError.write(Data("kepedge lab: the wizard is not in this build; the lab runs until Ctrl-C (try the check command above)\n".utf8))
        return false
    }
}
