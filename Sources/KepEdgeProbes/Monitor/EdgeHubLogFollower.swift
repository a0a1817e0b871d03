import Foundation
import KepEdgeCore

/// Follows edgeHub's log from now on: `iotedge logs -f --tail 0 edgeHub`, else `docker logs -f --tail 0 edgeHub`,
/// else one event saying neither is available. Lines are parsed, classified and (optionally) kept to one device.
public struct EdgeHubLogFollower: Sendable {
    /// A command that prints edgeHub's log.
    public struct Command: Equatable, Sendable {
        public var name: String
        public var arguments: [String]
        public init(name: String, arguments: [String]) {
            self.name = name
            self.arguments = arguments
        }
    }

    /// The commands tried, in order.
    public static let standardCommands = [
        Command(name: "iotedge", arguments: ["logs", "-f", "--tail", "0", "edgeHub"]),
        Command(name: "docker", arguments: ["logs", "-f", "--tail", "0", "edgeHub"]),
    ]

    public var commands: [Command]
    /// The command's own lines kept before edgeHub's first line (its complaint is a line or two).
    static let heldLineLimit = 8
    /// Where to look for them (`PATH`).
    public var searchPath: String?
    /// Keep only lines about this device (and the CONNECT errors that name no client).
    public var deviceID: String?

    public init(deviceID: String? = nil, commands: [Command] = EdgeHubLogFollower.standardCommands,
                searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
        self.deviceID = deviceID
        self.commands = commands
        self.searchPath = searchPath
    }

    public func events() -> AsyncStream<MonitorEvent> {
        let (stream, continuation) = AsyncStream<MonitorEvent>.makeStream(bufferingPolicy: .bufferingNewest(4096))
        guard let (command, executable) = commands.lazy.compactMap({ command in
            ExecutableSearch.find(command.name, path: searchPath).map { (command, $0) }
        }).first else {
            let names = commands.map(\.name).joined(separator: " nor ")
            continuation.yield(MonitorEvent(time: Date(), source: .edgeHub, level: .error,
                                            text: "edgeHub's log is not available: neither \(names) found (run kepedge on the IoT Edge gateway)"))
            continuation.finish()
            return stream
        }
        let deviceID = self.deviceID
        let label = ([command.name] + command.arguments).joined(separator: " ")
        let task = Task {
            continuation.yield(MonitorEvent(time: Date(), source: .edgeHub, level: .info, text: "following \(label)"))
            // Until edgeHub's first log line, lines without a level are the command's own words (a docker
            // daemon that is down, a permission refused): held, and folded into one "not available" line
            // when the command fails. After it they are edgeHub's (stack traces) and pass through.
            var heldLines: [String] = []
            var sawLogLine = false
            // The last levelless line after that, for a command that fails later.
            var lastForeignLine: String?
            func releaseHeld() {
                for held in heldLines { continuation.yield(EdgeHubLogLine(parsing: held).monitorEvent(receivedAt: Date(), deviceID: deviceID)) }
                heldLines.removeAll()
            }
            for await output in CommandLineFollower.lines(executable: executable, arguments: command.arguments) {
                switch output {
                case .line(let text):
                    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                    let line = EdgeHubLogLine(parsing: text)
                    if line.levelTag == nil { lastForeignLine = text }
                    if line.levelTag == nil, !sawLogLine {
                        if heldLines.count < Self.heldLineLimit { heldLines.append(text) }
                        continue
                    }
                    if !sawLogLine {
                        sawLogLine = true
                        releaseHeld()
                    }
                    if let deviceID, !line.concerns(device: deviceID), line.levelTag != nil { continue }
                    continuation.yield(line.monitorEvent(receivedAt: Date(), deviceID: deviceID))
                case .ended(let description, let cleanly):
                    let said = heldLines.isEmpty ? (lastForeignLine ?? "") : heldLines.joined(separator: " ")
                    if cleanly { releaseHeld() }
                    let text = cleanly
                        ? "edgeHub's log ended: '\(label)' \(description)"
                        : "edgeHub's log is not available: '\(label)' \(description)" + (said.isEmpty ? "" : ": \(said)")
                    continuation.yield(MonitorEvent(time: Date(), source: .edgeHub, level: cleanly ? .warning : .error, text: text))
                case .failedToStart(let reason):
                    continuation.yield(MonitorEvent(time: Date(), source: .edgeHub, level: .error, text: "edgeHub's log is not available: \(reason)"))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
