/// The systemd `.service` + `.timer` pair that runs `kepedge agent rotate` daily.
/// Secrets come from an `EnvironmentFile=` (mode 0600, owned by root), never from the unit's command line.
public struct SystemdRotationUnits: Equatable, Sendable {
    public let service: String
    public let timer: String

    /// `arguments` are the non-secret options of the rotate command (endpoint, agent, hub, device, window).
    public init(executable: String, arguments: [String], environmentFile: String = "/etc/kepedge/rotate.env") {
        let command = ([executable, "agent", "rotate"] + arguments).map(AzCLICommands.shellQuote).joined(separator: " ")
        service = """
            # /etc/systemd/system/kepedge-rotate.service
            [Unit]
            Description=Rotate the SAS token of Kepware's IoT Gateway MQTT agent before it expires
            Wants=network-online.target
            After=network-online.target

            [Service]
            Type=oneshot
            # Holds KEPEDGE_DEVICE_KEY and KEPEDGE_KEPWARE_PASSWORD. Create it with: install -m 0600 -o root /dev/null \(environmentFile)
            EnvironmentFile=\(environmentFile)
            ExecStart=\(command)
            TimeoutStartSec=5min

            """
        timer = """
            # /etc/systemd/system/kepedge-rotate.timer
            [Unit]
            Description=Daily check of the Kepware agent's SAS token expiry

            [Timer]
            OnCalendar=daily
            RandomizedDelaySec=1h
            Persistent=true

            [Install]
            WantedBy=timers.target

            """
    }

    /// Both units and the commands that install them.
    public var text: String {
        service + "\n" + timer + """

            # Install:
            #   sudo systemctl daemon-reload && sudo systemctl enable --now kepedge-rotate.timer
            #   systemctl list-timers kepedge-rotate.timer

            """
    }
}
