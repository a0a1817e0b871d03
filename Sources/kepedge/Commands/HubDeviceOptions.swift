import ArgumentParser
import KepEdgeCore

/// `--hub` and `--device`, shared by the commands that name Kepware's device identity.
struct HubDeviceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The IoT hub: its name (myhub) or host name (myhub.azure-devices.net).", valueName: "hub"))
    var hub: String?

    @Option(help: ArgumentHelp("The device id in IoT Hub that Kepware's agent connects as.", valueName: "id"))
    var device: String?

    /// The hub, or the one `fallback` (a connection string) names; a given `--hub` must agree with it.
    func resolvedHub(fallback: IoTHubHost? = nil, fallbackSource: String = "") throws -> IoTHubHost {
        guard let hub else {
            if let fallback { return fallback }
            throw CLIFailure.input("--hub is missing: give the hub name (myhub) or host name\(fallbackSource.isEmpty ? "" : ", or \(fallbackSource)")")
        }
        let parsed: IoTHubHost
        do { parsed = try IoTHubHost(parsing: hub) } catch { throw CLIFailure.input("--hub: \(error.description)") }
        if let fallback, fallback != parsed {
            throw CLIFailure.input("--hub \(parsed.hostName) does not match the HostName \(fallback.hostName) in \(fallbackSource); drop --hub or correct it")
        }
        return parsed
    }

    /// The device id, or the one `fallback` names; a given `--device` must agree with it.
    func resolvedDevice(fallback: DeviceID? = nil, fallbackSource: String = "") throws -> DeviceID {
        guard let device else {
            if let fallback { return fallback }
            throw CLIFailure.input("--device is missing: give the device id\(fallbackSource.isEmpty ? "" : ", or \(fallbackSource)")")
        }
        let parsed: DeviceID
        do { parsed = try DeviceID(validating: device) } catch { throw CLIFailure.input("--device: \(error.description)") }
        if let fallback, fallback != parsed {
            throw CLIFailure.input("--device \(parsed.rawValue) does not match the DeviceId \(fallback.rawValue) in \(fallbackSource); drop --device or correct it")
        }
        return parsed
    }
}
