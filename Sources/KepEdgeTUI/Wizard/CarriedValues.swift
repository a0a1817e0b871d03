import Foundation
import KepEdgeCore

/// The values the engineer carries to the Kepware host, as far as the wizard knows them: hosts line,
/// root CA thumbprint, broker URL, topic, username, client id, SAS token.
public struct CarriedValue: Equatable, Sendable {
    public var label: String
    public var value: String
    public var isSecret: Bool

    public init(_ label: String, _ value: String, isSecret: Bool = false) {
        self.label = label
        self.value = value
        self.isSecret = isSecret
    }
}

/// A file of carried values the app is asked to write (0600 when it holds a secret).
public struct CarriedValuesFile: Equatable, Sendable {
    public var fileName: String
    public var values: [CarriedValue]

    public var holdsSecret: Bool { values.contains(where: \.isSecret) }

    /// `label: value` lines (a value without a label alone, as the detail view writes a line), secrets in
    /// clear: the file exists to carry them.
    public var contents: String {
        values.map { $0.label.isEmpty ? $0.value : "\($0.label): \($0.value)" }.joined(separator: "\n") + "\n"
    }
}

public enum CarriedValues {
    /// What `step`'s screen can write to a file; the validation step writes them all.
    public static func of(_ step: StepID, in state: Wizard.State) -> [CarriedValue] {
        switch step {
        case .certificate: return certificate(state)
        case .names: return names(state)
        case .device: return device(state)
        case .sas: return sas(state)
        case .agent: return agent(state)
        case .validation: return all(state)
        }
    }

    /// Everything, in the order the Kepware host needs it.
    public static func all(_ state: Wizard.State) -> [CarriedValue] {
        names(state) + certificate(state) + agent(state)
    }

    /// The file `step`'s write key produces, nil when there is nothing to carry yet.
    public static func file(for step: StepID, in state: Wizard.State) -> CarriedValuesFile? {
        let values = of(step, in: state)
        guard !values.isEmpty else { return nil }
        let name = step == .validation ? "all" : step.shortTitle.lowercased()
        return CarriedValuesFile(fileName: "kepedge-\(name).txt", values: values)
    }

    static func certificate(_ state: Wizard.State) -> [CarriedValue] {
        if let export = state.certificate.export.value {
            return [CarriedValue("Root CA file", export.cerFile),
                    CarriedValue("Root CA thumbprint", export.windowsImport.thumbprint),
                    CarriedValue("Import (PowerShell, elevated)", export.windowsImport.powerShellCommand)]
        }
        if let ca = state.certificate.ca.value {
            return [CarriedValue("Root CA thumbprint", WindowsCertificateImport.thumbprint(fromFingerprint: ca.sha1Fingerprint))]
        }
        return []
    }

    static func names(_ state: Wizard.State) -> [CarriedValue] {
        guard let line = state.names.observation.value?.hostsFileLine.line else { return [] }
        return [CarriedValue("Hosts line (\(HostsFileLine.windowsPath))", line)]
    }

    static func device(_ state: Wizard.State) -> [CarriedValue] {
        guard let hub = state.device.hub, let device = state.device.device else { return [] }
        var values = [CarriedValue("IoT hub", hub.hostName), CarriedValue("Device id", device.rawValue)]
        if let edge = state.device.edgeDevice {
            values += AzCLICommands.register(hub: hub, device: device, edgeDevice: edge).map { CarriedValue("az", $0) }
        }
        return values
    }

    static func sas(_ state: Wizard.State) -> [CarriedValue] {
        guard let token = state.sas.token else { return [] }
        return [CarriedValue("SAS token (Kepware password)", token.value.revealed, isSecret: true),
                CarriedValue("Expires", DurationWording.timestamp(token.inspection.expiry))]
    }

    static func agent(_ state: Wizard.State) -> [CarriedValue] {
        guard case .success(let settings) = AgentStep.settings(state.agent) else { return [] }
        return [CarriedValue("URL", settings.url), CarriedValue("Topic", settings.topic),
                CarriedValue("Client ID", settings.clientID), CarriedValue("Username", settings.username),
                CarriedValue("Password (SAS token)", settings.password.revealed, isSecret: true)]
    }
}
