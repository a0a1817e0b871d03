/// Step 2 (name resolution) as check lines: each function turns what a probe saw into a verdict
/// with a fix. Pure, so the wizard and `kepedge names` say the same thing.
public enum NameChecks {
    /// The edge config's hostname, and the 1.1 lower-casing warning.
    public static func config(_ config: EdgeConfig) -> CheckResult {
        var details = ["format: \(config.format.rawValue) (IoT Edge \(config.format == .toml ? "1.2+" : "1.1"))"]
        if let hub = config.hubHostName { details.append("IoT Hub: \(hub)") }
        if let device = config.edgeDeviceId { details.append("edge device id: \(device)") }
        if config.certificateHostnameWasLowercased {
            return CheckResult(
                id: .edgeConfig, title: "\(config.sourcePath): hostname \(config.hostname) (edgeHub's certificate uses \(config.certificateHostname))",
                status: .warning, details: details,
                fix: "IoT Edge 1.1 lower-cases the hostname for edgeHub's certificate: connect with \(config.certificateHostname) (agent host and GatewayHostName).")
        }
        return CheckResult(id: .edgeConfig, title: "\(config.sourcePath): hostname \(config.hostname)", status: .ok, details: details)
    }

    /// Whether the name resolves on this gateway, and to what.
    /// `hostsEntries` are this machine's hosts-file lines for the name; `localAddresses` say which
    /// addresses are this machine's.
    public static func resolution(
        _ report: NameResolutionReport,
        hostsEntries: [HostsFileEntry],
        isLocalAddress: (String) -> Bool,
        hostsLine: String?,
        hostsFilePath: String = "/etc/hosts"
    ) -> CheckResult {
        let hostsDetails = hostsEntries.map { "\(hostsFilePath) line \($0.lineNumber): \($0.address) \($0.names.joined(separator: " "))" }
        let addLine = hostsLine.map { "add `\($0)` to /etc/hosts on this gateway and to \(HostsFileLine.windowsPath) on the Kepware host" }
            ?? "add `<gateway LAN address> \(report.host)` to /etc/hosts here and to \(HostsFileLine.windowsPath) on the Kepware host"
        guard report.resolved else {
            let why = report.error ?? "no addresses"
            let fix = why == "timed out"
                ? "The resolver did not answer: check /etc/resolv.conf and the DNS server, or \(addLine)."
                : "Make \(report.host) resolve: \(addLine) (or add it to DNS)."
            return CheckResult(
                id: .nameResolves, title: "\(report.host) does not resolve (\(why))", status: .error,
                details: hostsDetails.isEmpty ? ["\(hostsFilePath) has no line for \(report.host)"] : hostsDetails, fix: fix)
        }

        let addresses = report.addresses.joined(separator: ", ")
        let details = hostsDetails + ["resolved in \(Int(report.milliseconds.rounded())) ms"]
        let usable = report.addresses.filter { !IPAddressText.isLoopback($0) }
        if usable.isEmpty {
            // Debian maps the machine's own name to 127.0.1.1: fine here, useless to the Kepware host.
            return CheckResult(
                id: .nameResolves, title: "\(report.host) resolves only to loopback (\(addresses))", status: .warning,
                details: details,
                fix: "That works on this gateway only. The Kepware host must resolve \(report.host) to the gateway's LAN address: \(hostsLine.map { "add `\($0)` to \(HostsFileLine.windowsPath) there" } ?? "add it to its hosts file or to DNS").")
        }
        let foreign = usable.filter { !isLocalAddress($0) }
        if foreign.count == usable.count {
            return CheckResult(
                id: .nameResolves, title: "\(report.host) resolves to \(addresses), which is not this machine", status: .warning,
                details: details,
                fix: "If this machine is the gateway, the name points elsewhere: fix the DNS record or the /etc/hosts line so it gives this gateway's LAN address\(hostsLine.map { " (\($0))" } ?? "").")
        }
        return CheckResult(id: .nameResolves, title: "\(report.host) resolves to \(addresses)", status: .ok, details: details)
    }

    /// Whether edgeHub's MQTT port accepts a TCP connection.
    public static func port(_ report: PortReachabilityReport) -> CheckResult {
        let target = "\(report.host):\(report.port)"
        if report.accepted {
            return CheckResult(
                id: .portOpen, title: "\(target) accepts TCP connections", status: .ok,
                details: ["via \(report.address), \(Int(report.milliseconds.rounded())) ms"])
        }
        let why = report.error ?? "no connection"
        let fix: String
        if why.contains("refused") {
            fix = "Nothing listens on \(report.port) at \(report.address): check edgeHub runs (`sudo iotedge list`) and publishes 8883 in its createOptions."
        } else if why.contains("timed out") {
            fix = "No answer from \(report.address): check the gateway firewall (for example `sudo ufw allow 8883/tcp`) and that \(report.host) is the gateway's address."
        } else {
            fix = "Check the network path to \(report.address) and that edgeHub runs (`sudo iotedge list`)."
        }
        return CheckResult(
            id: .portOpen, title: "\(target) does not accept TCP connections (\(why))", status: .error,
            details: ["tried \(report.address)"], fix: fix)
    }

    /// The port check when the name did not resolve.
    public static func portSkipped(host: String, port: Int) -> CheckResult {
        CheckResult(id: .portOpen, title: "\(host):\(port) not tried: the name does not resolve", status: .skipped)
    }

    /// The hosts file could not be read: resolution still runs, but its entries are unknown.
    public static func hostsFileUnreadable(path: String, reason: String) -> CheckResult {
        CheckResult(id: .hostsFile, title: "cannot read \(path)", status: .warning,
                    details: [reason], fix: "Check that \(path) exists and is readable.")
    }
}
