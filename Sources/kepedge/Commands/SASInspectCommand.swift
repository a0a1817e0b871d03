import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge sas inspect TOKEN|- [--key-file F] [--json]`: what a token says, and whether it still works.
struct SASInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a SAS token's hub, device, policy and expiry; with a key, check its signature.",
        discussion: """
            Exits 1 when the token has expired or its signature does not verify with the given key.
            Pass - instead of the token to read it from standard input and keep it out of shell history.
            The signature is never printed.
            """
    )

    @Argument(help: ArgumentHelp("The token (SharedAccessSignature sr=…), or - to read it from standard input.", valueName: "token"))
    var token: String?

    @OptionGroup var keySource: DeviceKeyOptions

    @Flag(help: "Print the findings as JSON.")
    var json = false

    enum SignatureVerdict: String, Encodable {
        case verified, mismatch
        case notChecked = "not-checked"
    }

    struct Output: Encodable {
        let hub: String
        let device: String?
        let module: String?
        let policy: String?
        let resourceURI: String
        let expiry: Date
        let expiryEpoch: Int
        let secondsLeft: Int
        let expired: Bool
        let signature: SignatureVerdict
    }

    func run() throws {
        let parsed = try readToken()
        let resolvedKey = try keySource.resolve(required: false)
        let inspection = parsed.inspection
        let now = Date()
        let timeLeft = inspection.timeLeft(at: now)
        let expired = inspection.hasPassedExpiry(at: now)
        let verdict: SignatureVerdict = resolvedKey.map { parsed.verify(with: $0.key) ? .verified : .mismatch } ?? .notChecked

        if json {
            try JSONOutput.print(Output(
                hub: inspection.hubHostName, device: inspection.deviceID, module: inspection.moduleID,
                policy: inspection.policyName, resourceURI: inspection.resourceURI, expiry: inspection.expiry,
                expiryEpoch: inspection.expiryEpoch, secondsLeft: Int(timeLeft.rounded(.down)), expired: expired, signature: verdict))
        } else {
            printReport(inspection, timeLeft: timeLeft, verdict: verdict, keySource: resolvedKey?.source)
        }

        var problems: [String] = []
        if expired {
            var text = "the token \(DurationWording.expiry(timeLeft: timeLeft)) (\(DurationWording.timestamp(inspection.expiry)))"
            if !inspection.isExpired(at: now) {
                text += "; edgeHub still accepts it for \(DurationWording.describe(timeLeft + SASTokenInspection.clockSkewAllowance)), then drops the connection"
            }
            problems.append(text)
        }
        if verdict == .mismatch {
            problems.append("its signature does not verify with the key from \(resolvedKey?.source ?? "the key"): it was signed with another key or changed after signing")
        }
        if !problems.isEmpty {
            throw CLIFailure.checkFailed(problems.joined(separator: "; ") + "; make a new token with 'kepedge sas'")
        }
    }

    private func readToken() throws -> SASToken {
        guard let token else {
            throw CLIFailure.input("no token: give it as the argument, or - to read it from standard input")
        }
        let text: String
        let source: String
        if token == "-" {
            source = "standard input"
            do { text = try SecretInput.readStandardInput(prompt: "Paste the SAS token and press Enter (not shown):") } catch {
                throw CLIFailure.input(error.description)
            }
        } else {
            source = "the token argument"
            text = token
            CommandOutput.noteAfterRun("the token on the command line can be read by other users (ps, /proc/PID/cmdline) and stays in shell history; use 'kepedge sas inspect -' and paste it (not shown)")
        }
        do {
            // Judged as Kepware would send it: a doubled space or a trailing line break is refused by edgeHub.
            return try SASToken(parsingExactly: text)
        } catch {
            throw CLIFailure.input("\(source): \(error.description)")
        }
    }

    private func printReport(_ inspection: SASTokenInspection, timeLeft: TimeInterval, verdict: SignatureVerdict, keySource: String?) {
        var rows: [(String, String)] = [
            ("Hub", inspection.hubHostName),
            ("Device", inspection.deviceID ?? "(none: not a device token)"),
        ]
        if let module = inspection.moduleID { rows.append(("Module", module)) }
        rows.append(("Policy", inspection.policyName ?? "(none: signed with the device's own key)"))
        rows.append(("Resource", inspection.resourceURI))
        if let note = inspection.audienceNote { rows.append(("Audience", note)) }
        rows.append(("Expires", "\(DurationWording.timestamp(inspection.expiry)) (\(DurationWording.expiry(timeLeft: timeLeft)))"))
        switch verdict {
        case .verified: rows.append(("Signature", "verifies with the key from \(keySource ?? "the key")"))
        case .mismatch: rows.append(("Signature", "DOES NOT verify with the key from \(keySource ?? "the key")"))
        case .notChecked:
            rows.append(("Signature", "not checked (give --key-file, --connection-string, --key or \(DeviceKeyOptions.environmentVariable))"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        for (label, value) in rows {
            print("\(label):".padding(toLength: width + 2, withPad: " ", startingAt: 0) + value)
        }
    }
}
