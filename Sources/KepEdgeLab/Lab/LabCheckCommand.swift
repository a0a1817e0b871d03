/// The `kepedge check` argv that checks a lab, printed as `checkCommand`.
public enum LabCheckCommand {
    public static func arguments(executable: String, session: String, device: LabManifest.Device?, fault: LabFault?,
                                 ownerFile: String, registryEndpoint: String, registryCA: String,
                                 kepwarePasswordFile: String, brokerLog: String, edgeHubMetrics: String? = nil,
                                 hubEvents: (endpoint: String, caFile: String)? = nil) -> [String] {
        var arguments = [executable, "check", "--session", session]
        if let device {
            // With expired-token the check must see the token Kepware was given, not one made from the key.
            arguments += fault == .expiredToken ? ["--token-file", device.tokenFile] : ["--key-file", device.keyFile]
        }
        let optional = [("--hub-owner-file", ownerFile), ("--registry-endpoint", registryEndpoint), ("--registry-ca", registryCA),
                        ("--kepware-password-file", kepwarePasswordFile), ("--broker-log", brokerLog)]
        for (flag, file) in optional {
            arguments += [flag, file]
        }
        // edgeHub's counters: the flow checks (step 6) read the lab edgeHub's /metrics, not a connection as the device;
        // 5 s holds several of the lab agent's 1 s publishes even on a loaded machine.
        if let edgeHubMetrics { arguments += ["--edgehub-metrics", edgeHubMetrics, "--flow-seconds", "5"] }
        // IoT Hub's built-in endpoint (hub-arrival): the lab's AMQP endpoint, trusted through the lab's CA.
        if let hubEvents { arguments += ["--hub-events-endpoint", hubEvents.endpoint, "--hub-events-ca", hubEvents.caFile] }
        return arguments
    }
}
