import ArgumentParser
import Foundation
import KepEdgeCore

/// `kepedge sas [generate] --hub H --device D --key-file F [--ttl 30d | --expiry EPOCH] [--json]`
struct SASGenerateCommand: ParsableCommand {
    static let defaultLifetime = "30d"

    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Make a device SAS token: the password Kepware's MQTT agent gives edgeHub.",
        discussion: """
            The token is printed on standard output: this is the one place kepedge prints it, because you asked for it.
            It is signed like `az iot hub generate-sas-token` and the Python SDK: sr percent-encoded with upper-case
            hex, sig percent-encoded, fields sr, sig, se.

            Default lifetime \(defaultLifetime): Kepware keeps the token as a fixed password, and edgeHub drops the
            connection about 5 minutes after the token expires, so a short token (az's default is one hour) stops
            the line the same night. 30 days outlasts a long weekend or a shutdown, while a leaked token is
            useless within a month. Put a new token in the agent before then: `kepedge sas inspect` shows the time left.
            """
    )

    @OptionGroup var identity: HubDeviceOptions

    @OptionGroup var keySource: DeviceKeyOptions

    @Option(help: ArgumentHelp("How long the token is valid: 30d, 12h, 90m, 3600s or seconds (default \(SASGenerateCommand.defaultLifetime)).", valueName: "lifetime"))
    var ttl: String?

    @Option(help: ArgumentHelp("The exact expiry in seconds since 1970, instead of --ttl.", valueName: "epoch"))
    var expiry: String?

    @Flag(help: "Print JSON: the token (as \"sas\", like az), hub, device, resource URI and expiry.")
    var json = false

    struct Output: Encodable {
        let sas: String
        let hub: String
        let device: String
        let resourceURI: String
        let expiry: Date
        let expiryEpoch: Int
    }

    func run() throws {
        let resolved = try keySource.resolve(required: true)
        guard let resolved else { return }
        let fromConnection = resolved.connectionString
        let hub = try identity.resolvedHub(fallback: fromConnection?.hub, fallbackSource: "the --connection-string")
        let device = try identity.resolvedDevice(fallback: fromConnection?.device, fallbackSource: "the --connection-string")
        let expiry = try resolveExpiry()

        let token = SASToken.forDevice(hub: hub, device: device, key: resolved.key, expiry: expiry)
        let inspection = token.inspection
        if inspection.hasPassedExpiry(at: Date()) {
            CommandOutput.note("expiry \(expiry) (\(DurationWording.timestamp(inspection.expiry))) is in the past; this token is already expired")
        }
        if json {
            try JSONOutput.print(Output(sas: token.value.revealed, hub: hub.hostName, device: device.rawValue,
                                        resourceURI: inspection.resourceURI, expiry: inspection.expiry, expiryEpoch: expiry))
        } else {
            print(token.value.revealed)
        }
    }

    private func resolveExpiry() throws -> Int {
        if ttl != nil, expiry != nil {
            throw CLIFailure.input("--ttl and --expiry were both given; give one (--ttl 30d, or --expiry with seconds since 1970)")
        }
        if let expiry {
            guard !expiry.isEmpty, expiry.allSatisfy({ $0.isASCII && $0.isNumber }), let epoch = Int(expiry), epoch > 0,
                  epoch < 253_402_300_800 else {
                throw CLIFailure.input("--expiry \"\(expiry.prefix(30))\" is not a time in seconds since 1970 (e.g. 1900000000); or use --ttl 30d")
            }
            return epoch
        }
        let lifetime: TokenLifetime
        do {
            lifetime = try TokenLifetime(parsing: ttl ?? Self.defaultLifetime)
        } catch {
            throw CLIFailure.input("--ttl: \(error.description)")
        }
        return lifetime.expiry(fromEpoch: Int(Date().timeIntervalSince1970))
    }
}
