import Foundation
import KepEdgeProbes
#if canImport(Glibc)
import Glibc
#endif

/// A mosquitto broker on 127.0.0.1 for the benchmarks: a plain or TLS listener on a free port, no
/// persistence, logging errors and warnings only (per-message logging would slow the broker itself).
/// The lab broker adds TLS and edgeHub-style authentication (the kepedge-broker-auth plugin) on top of this.
final class LoopbackBroker {
    static let executable = "/usr/sbin/mosquitto"

    let port: Int
    let folder: ScratchFolder
    private let process: BenchProcess

    init(certificateChain: String? = nil, key: String? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw BenchFailure("mosquitto is not installed at \(Self.executable): run scripts/install-deps")
        }
        port = try LoopbackPort.free()
        folder = try ScratchFolder("kepedge-bench-broker")
        var lines = ["persistence false", "log_dest file \(folder.file("mosquitto.log"))", "log_type error", "log_type warning",
                     "max_queued_messages 0", "listener \(port) 127.0.0.1", "allow_anonymous true"]
        if geteuid() == 0 { lines.append("user root") }  // keys are 0600 root: the broker must stay root to read them
        if let certificateChain, let key { lines += ["certfile \(certificateChain)", "keyfile \(key)"] }
        let config = try folder.write("mosquitto.conf", lines.joined(separator: "\n") + "\n")
        process = try BenchProcess(Self.executable, ["-c", config])
        let deadline = ContinuousClock.now + .seconds(5)
        while !LoopbackPort.isAccepting(port) {
            guard ContinuousClock.now < deadline, process.exitStatus == nil else {
                stop()
                throw BenchFailure("mosquitto did not listen on 127.0.0.1:\(port): \((try? String(contentsOfFile: folder.file("mosquitto.log"), encoding: .utf8)) ?? "")")
            }
            usleep(10_000)
        }
    }

    func stop() {
        process.stop()
        folder.remove()
    }
}
