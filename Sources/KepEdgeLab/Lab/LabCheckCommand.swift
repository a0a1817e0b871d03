/// The `kepedge check` argv that checks a lab, printed as `checkCommand`.
public enum LabCheckCommand {
    /// `kepedge check` flags from the registry/agent/edgeHub-log checks that this build's `check` does not
    /// have yet (`--hub-owner-file`, `--registry-endpoint`, `--registry-ca`, `--kepware-password-file`,
    /// `--broker-log`). Add a flag's name here once `kepedge check --help` lists it, and the lab passes it
    /// its value (the registry flags as `kepedge register` names them).
    public static let checkFlagsAvailable: Set<String> = []

    public static func arguments(executable: String, session: String, device: LabManifest.Device?, fault: LabFault?,
                                 ownerFile: String, registryEndpoint: String, registryCA: String,
                                 kepwarePasswordFile: String, brokerLog: String) -> [String] {
        var arguments = [executable, "check", "--session", session]
        if let device {
            // With expired-token the check must see the token Kepware was given, not one made from the key.
            arguments += fault == .expiredToken ? ["--token-file", device.tokenFile] : ["--key-file", device.keyFile]
        }
        let optional = [("--hub-owner-file", ownerFile), ("--registry-endpoint", registryEndpoint), ("--registry-ca", registryCA),
                        ("--kepware-password-file", kepwarePasswordFile), ("--broker-log", brokerLog)]
        for (flag, file) in optional where checkFlagsAvailable.contains(flag) {
            arguments += [flag, file]
        }
        return arguments
    }
}
