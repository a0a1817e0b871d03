import Foundation
import KepEdgeLab

/// Opens the wizard on a lab: the lab's prefilled state, its runtime (fake hub, broker log, upstream
/// messages), no session file (the lab's folder goes when the lab stops).
enum LabWizard {
    /// Runs the wizard until the engineer quits and returns its exit code. The wizard blocks its caller,
    /// so it runs on a thread of its own and the lab's tasks keep the shared executor.
    static func open(_ launch: LabWizardLaunch) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try WizardApp.run(initialState: launch.prefill, configuration: launch.runtimeConfiguration, sessionPath: nil)
                })
            }
            thread.name = "kepedge-lab-wizard"
            thread.start()
        }
    }
}
