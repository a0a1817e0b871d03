import Foundation

/// Step 4's verdicts: the token is for this hub and device, and how long it has left.
extension SASStep {
    /// The generated token, judged against the step's inputs.
    public static func checks(_ state: State, now: Date) -> [CheckResult] {
        guard let token = state.token else { return [] }
        let target = "\(state.inputs.device?.rawValue ?? "?") on \(state.inputs.hub?.hostName ?? "?")"
        var results: [CheckResult] = []
        if let tokenFor = state.tokenFor, tokenFor.hub != state.inputs.hub || tokenFor.device != state.inputs.device {
            results.append(CheckResult(
                id: .sasTokenTarget, title: "SAS token is for \(tokenFor.device?.rawValue ?? "?") on \(tokenFor.hub?.hostName ?? "?"), not \(target)",
                status: .error, fix: "Generate a new token for this device (G in step 4, or kepedge sas)."))
        }
        results.append(expiryCheck(token.inspection, target: target, now: now))
        return results
    }

    /// A token the engineer gave (`kepedge check --token-file`): for this hub and device, and current.
    public static func checks(givenToken token: SASToken, hub: IoTHubHost?, device: DeviceID?, now: Date) -> [CheckResult] {
        let inspection = token.inspection
        let target = inspection.deviceID.map { "\($0) on \(inspection.hubHostName)" } ?? inspection.resourceURI
        var results: [CheckResult] = []
        if let hub, inspection.hubHostName.lowercased() != hub.hostName.lowercased() || (device != nil && inspection.deviceID != device?.rawValue) {
            results.append(CheckResult(
                id: .sasTokenTarget, title: "SAS token is for \(target), not \(device?.rawValue ?? "?") on \(hub.hostName)",
                status: .error, fix: "Make a token for this device with kepedge sas generate."))
        }
        results.append(expiryCheck(inspection, target: target, now: now))
        return results
    }

    /// Expired is an error, less than `expiryWarning` left a warning: Kepware stops publishing at expiry.
    static func expiryCheck(_ inspection: SASTokenInspection, target: String, now: Date) -> CheckResult {
        let left = inspection.timeLeft(at: now)
        if inspection.hasPassedExpiry(at: now) {
            return CheckResult(
                id: .sasToken, title: "SAS token for \(target) expired \(DurationWording.describe(-left)) ago", status: .error,
                fix: "Generate a new token (kepedge sas generate) and give it to the Kepware agent as its password.")
        }
        if left < expiryWarning {
            return CheckResult(
                id: .sasToken, title: "SAS token for \(target) expires in \(DurationWording.describe(left))", status: .warning,
                fix: "Generate a longer-lived token (kepedge sas generate --lifetime 30d).")
        }
        return CheckResult(id: .sasToken, title: "SAS token for \(target) is well formed, expires in \(DurationWording.describe(left))", status: .ok)
    }
}
