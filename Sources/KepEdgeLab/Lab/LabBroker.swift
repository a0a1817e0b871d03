import Foundation
import KepEdgeProbes

/// The edge gateway stand-in: a real mosquitto with a TLS listener (edgeHub's 8883 when free) that
/// authenticates through `libkepedge-broker-auth.so` (docs/lab-broker-auth.md), plus a plain-TCP listener on
/// 127.0.0.1 without authentication, only for the lab's own "arrived upstream" subscriber.
public final class LabBroker: @unchecked Sendable {
    public static let executable = "/usr/sbin/mosquitto"

    /// What the broker serves and how the plugin authenticates.
    public struct Configuration: Sendable {
        public var tlsPort: Int
        /// The lab's own subscriber's listener; nil for none.
        public var upstreamPort: Int?
        public var certificateChainFile: String
        public var keyFile: String
        public var pluginPath: String
        public var hubHostName: String
        public var edgeHostName: String
        public var edgeDeviceScope: String
        public var devicesFile: String
        /// The plugin's `edge_version`: "1.1" compares the token's hub case included, "1.5" ignores case.
        public var edgeVersion: String

        public init(tlsPort: Int, upstreamPort: Int?, certificateChainFile: String, keyFile: String, pluginPath: String,
                    hubHostName: String, edgeHostName: String, edgeDeviceScope: String, devicesFile: String,
                    edgeVersion: String = "1.5") {
            self.edgeVersion = edgeVersion
            self.tlsPort = tlsPort
            self.upstreamPort = upstreamPort
            self.certificateChainFile = certificateChainFile
            self.keyFile = keyFile
            self.pluginPath = pluginPath
            self.hubHostName = hubHostName
            self.edgeHostName = edgeHostName
            self.edgeDeviceScope = edgeDeviceScope
            self.devicesFile = devicesFile
        }
    }

    public let configuration: Configuration
    /// mosquitto's log: connections and the plugin's edgeHub-worded lines.
    public let logFile: String
    private let configFile: String
    private let outputFile: String
    private let lock = NSLock()
    private var process: ChildProcess?

    /// Writes `mosquitto.conf` into `directory`; `start()` runs it.
    public init(_ configuration: Configuration, directory: String) throws {
        self.configuration = configuration
        logFile = "\(directory)/broker.log"
        configFile = "\(directory)/mosquitto.conf"
        outputFile = "\(directory)/mosquitto.out"
        try Self.configurationText(configuration, logFile: logFile).write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    static func configurationText(_ c: Configuration, logFile: String) -> String {
        var lines = [
            "# kepedge lab: mosquitto in place of edgeHub (written by kepedge lab, removed when it stops)",
            "persistence false",
            "log_dest file \(logFile)",
            // What edgeHub's log would show (connections, authentication, errors); not every PUBLISH and SUBSCRIBE.
            "log_type error", "log_type warning", "log_type notice", "log_type information",
            "connection_messages true",
            // Each listener has its own authentication: the plugin on the TLS one only.
            "per_listener_settings true",
        ]
        // As root, mosquitto would switch to the "mosquitto" user and could not read the 0600 key.
        if geteuid() == 0 { lines.append("user root") }
        lines += [
            "", "# edgeHub's MQTT head: TLS, every CONNECT authenticated as edgeHub does",
            "listener \(c.tlsPort) 127.0.0.1",
            "certfile \(c.certificateChainFile)",
            "keyfile \(c.keyFile)",
            "allow_anonymous false",
            "plugin \(c.pluginPath)",
            "plugin_opt_hub_hostname \(c.hubHostName)",
            "plugin_opt_edge_hostname \(c.edgeHostName)",
            "plugin_opt_edge_device_scope \(c.edgeDeviceScope)",
            "plugin_opt_devices_file \(c.devicesFile)",
            "plugin_opt_edge_version \(c.edgeVersion)",
        ]
        if let upstream = c.upstreamPort {
            lines += [
                "", "# The lab's own subscriber (\"arrived upstream\"): loopback only, no TLS, no authentication",
                "listener \(upstream) 127.0.0.1",
                "allow_anonymous true",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Starts mosquitto and waits (at most `timeout` seconds) until the TLS listener accepts connections.
    public func start(timeout: Double = 10) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else { throw LabSetupError.mosquittoMissing }
        // ChildProcess, not Foundation's Process: mosquitto must not inherit the lab's ignored SIGTERM.
        let process: ChildProcess
        do {
            process = try ChildProcess(executable: Self.executable, arguments: ["-c", configFile], outputFile: outputFile)
        } catch {
            throw LabError("mosquitto could not be started: \(error)")
        }
        lock.withLock { self.process = process }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning { break }
            if LoopbackPort.isAccepting(configuration.tlsPort) { return }
            try? await Task.sleep(for: .milliseconds(25))
        }
        stop()
        let said = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        let logged = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        let last = (said + logged).split(separator: "\n").last(where: { $0.contains("rror") || $0.contains("kepedge") }) ?? "no error was logged"
        throw LabError("mosquitto did not listen on 127.0.0.1:\(configuration.tlsPort) within \(Int(timeout)) s: \(last)")
    }

    /// Whether mosquitto is running.
    public var isRunning: Bool { lock.withLock { process?.isRunning ?? false } }

    /// The process id while running (for tests that check it is gone).
    public var processID: Int32? { lock.withLock { process.flatMap { $0.isRunning ? $0.pid : nil } } }

    /// SIGTERM, up to 3 s to exit, then SIGKILL. Safe to call twice.
    public func stop() {
        let running = lock.withLock { () -> ChildProcess? in
            defer { process = nil }
            return process
        }
        running?.stop(grace: 3)
    }

    deinit { stop() }
}

/// The lab cannot start: what is missing and how to get it (one line each).
public enum LabSetupError: Error, CustomStringConvertible, Equatable {
    case mosquittoMissing
    case pluginMissing(looked: [String])

    public var description: String {
        switch self {
        case .mosquittoMissing:
            return "mosquitto is not installed (\(LabBroker.executable)): run 'sudo apt-get install mosquitto'"
        case .pluginMissing(let looked):
            return "the lab broker's plugin libkepedge-broker-auth.so was not found (looked in \(looked.joined(separator: ", "))): "
                + "run 'make lab' or 'swift build --product kepedge-broker-auth' (building it needs 'sudo apt-get install mosquitto-dev')"
        }
    }
}
