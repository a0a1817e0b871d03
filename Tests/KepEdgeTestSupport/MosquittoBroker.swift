import Foundation
import KepEdgeProbes

/// A real mosquitto broker on 127.0.0.1 for tests: plain or TLS listener, optional password file,
/// optional plugin, its own temp folder and log. Start it, use `port`, and `stop()` it in `defer`.
public final class MosquittoBroker: @unchecked Sendable {
    /// The server side of a TLS listener (PEM files).
    public struct TLSFiles: Sendable {
        public var certificateChainFile: String
        public var keyFile: String
        /// Only needed when the broker asks clients for certificates.
        public var caFile: String?

        public init(certificateChainFile: String, keyFile: String, caFile: String? = nil) {
            self.certificateChainFile = certificateChainFile
            self.keyFile = keyFile
            self.caFile = caFile
        }
    }

    public static let executable = "/usr/sbin/mosquitto"

    public let port: Int
    public let directory: TemporaryDirectory
    private let configFile: URL
    private let lock = NSLock()
    private var process: ChildProcess?

    /// - Parameters:
    ///   - port: a fixed port (to restart on the same one); nil picks a free one.
    ///   - extraConfiguration: lines appended to the listener's configuration
    ///     (e.g. `password_file …`, `plugin …`, `allow_anonymous false`).
    public init(tls: TLSFiles? = nil, port: Int? = nil, extraConfiguration: [String] = []) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw FixtureError("mosquitto is not installed at \(Self.executable): run scripts/install-deps")
        }
        self.port = try port ?? LoopbackPort.free()
        self.directory = try TemporaryDirectory(prefix: "kepedge-broker")
        var lines = [
            "persistence false",
            "log_dest file \(directory.file("mosquitto.log"))",
            "log_type all",
            "connection_messages true",
            "per_listener_settings false",
        ]
        // mosquitto started as root switches to the "mosquitto" user and could then not read keys
        // that are (rightly) mode 0600 and owned by root.
        if geteuid() == 0 { lines.append("user root") }
        lines.append("listener \(self.port) 127.0.0.1")
        if let tls {
            lines.append("certfile \(tls.certificateChainFile)")
            lines.append("keyfile \(tls.keyFile)")
            if let ca = tls.caFile { lines.append("cafile \(ca)") }
        }
        if !extraConfiguration.contains(where: { $0.hasPrefix("allow_anonymous") }) {
            lines.append("allow_anonymous true")
        }
        lines.append(contentsOf: extraConfiguration)
        self.configFile = URL(fileURLWithPath: try directory.write("mosquitto.conf", lines.joined(separator: "\n") + "\n"))
    }

    /// Starts the broker and waits until its listener accepts connections (a loaded CI machine can take seconds).
    public func start(timeout: Double = 15) async throws {
        let process = try ChildProcess(executable: Self.executable, arguments: ["-c", configFile.path],
                                       stdout: .file(directory.file("mosquitto.out")), environment: .inherited)
        lock.withLock { self.process = process }
        do {
            try await LoopbackPort.waitUntilAccepting(port, timeout: timeout)
        } catch {
            stop()
            throw FixtureError("mosquitto did not start on port \(port): \(log)")
        }
    }

    /// Stops the broker (SIGTERM, then waits for it to exit). Safe to call twice.
    public func stop() {
        let running = lock.withLock { () -> ChildProcess? in
            defer { self.process = nil }
            return self.process
        }
        running?.stop(grace: 5)
    }

    /// Stops and removes the temp folder.
    public func shutDown() {
        stop()
        directory.remove()
    }

    /// The broker's log so far: connections, refusals, plugin messages.
    public var log: String {
        (try? String(contentsOfFile: directory.file("mosquitto.log"), encoding: .utf8)) ?? ""
    }

    deinit {
        stop()
    }
}
