/// What `kepedge agent rotate --print-timer` prints: a drop-in for the packaged template `kepedge-rotate@.service`
/// (packaging/systemd/) that gives one device's rotate command with every option that matters.
/// Secrets stay out of it: they go in the instance's `EnvironmentFile=` (mode 0600), which the template names.
public struct SystemdRotationDropIn: Equatable, Sendable {
    public static let template = "kepedge-rotate@"
    public static let environmentFolder = "/etc/kepedge/rotate"

    /// The systemd-escaped device id: `kepedge-rotate@<instance>.service` and `.timer`.
    public let instance: String
    /// Where the drop-in goes.
    public let path: String
    /// The secrets file the template reads (`/etc/kepedge/rotate/%i.env`).
    public let environmentFile: String
    public let text: String

    /// `arguments`: the rotate command's non-secret options, file paths already absolute (systemd starts in `/`).
    public init(executable: String, device: String, arguments: [String], secretVariables: [String]) {
        instance = SystemdUnitSyntax.instanceName(device)
        let service = "\(Self.template)\(instance).service"
        let timer = "\(Self.template)\(instance).timer"
        path = "/etc/systemd/system/\(service).d/kepedge.conf"
        environmentFile = "\(Self.environmentFolder)/\(instance).env"
        let quote = AzCLICommands.shellQuote
        let secrets = secretVariables.map { "\($0)=…" }.joined(separator: ", ")
        text = """
            # kepedge agent rotate for IoT Hub device '\(device)', run daily by the packaged \(Self.template).timer.
            # Save this output as \(path):
            #   kepedge agent rotate … --print-timer | sudo install -D -m 0644 /dev/stdin \(quote(path))
            # Secrets go in \(environmentFile) (\(secrets)), never on this command line:
            #   sudo install -d -m 0700 \(Self.environmentFolder) && sudo install -m 0600 /dev/null \(quote(environmentFile))
            # Then: sudo systemctl daemon-reload && sudo systemctl enable --now \(quote(timer))
            #       systemctl list-timers \(quote(timer)); journalctl -u \(quote(service))
            [Service]
            ExecStart=
            ExecStart=\(SystemdUnitSyntax.execLine([executable, "agent", "rotate"] + arguments))

            """
    }
}
