import Foundation
import KepEdgeCore

/// Wizard states reached through the wizard's own actions, as setup for the transition under test.
enum WizardFixtures {
    static let now = StepFixtures.now

    /// Runs `actions` through the wizard without asserting (the tests assert the step that follows).
    static func run(_ state: inout Wizard.State, _ actions: Wizard.Action...) {
        for action in actions { _ = Wizard.reduce(&state, action) }
    }

    /// Started, prefilled from the edge config, device pasted, token generated, edgeHub verified,
    /// agent entered by hand, session saved. Followers run as generation 2 for vector A's device.
    static func configured() -> Wizard.State {
        var state = Wizard.State(now: now)
        run(&state,
            .start(now: now),
            .names(.edgeConfigRead(1, .success(StepFixtures.edgeConfig))),
            .device(.deviceIDChanged(StepFixtures.deviceName)),
            .device(.credentialPasted(Secret(StepFixtures.deviceConnectionString))),
            .sas(.generate(now: now)),
            .certificate(.verify),
            .certificate(.caLoaded(1, .success(StepFixtures.rootCA))),
            .certificate(.probeFinished(1, StepFixtures.verifiedReport(caFile: "/etc/aziot/root.pem"))),
            .agent(.markEnteredByHand),
            .sessionSaved)
        return state
    }
}
