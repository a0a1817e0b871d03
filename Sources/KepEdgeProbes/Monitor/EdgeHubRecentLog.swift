import Foundation
import KepEdgeCore

/// Where `kepedge check` reads what edgeHub logged in the last minutes: on a gateway `EdgeHubRecentLog`
/// (its commands); the runtime configuration holds one, so a test or another host can give its own.
public protocol EdgeHubRecentLogSource: Sendable {
    /// The lines read (and what printed them), or why none could be read.
    func read() async -> EdgeHubRecentLog.Outcome
}

/// Reads, once, what edgeHub logged in the last minutes: `iotedge logs --since 5m edgeHub`, else
/// `docker logs --since 5m edgeHub` (for `kepedge check`; the message pane follows with `EdgeHubLogFollower`).
public struct EdgeHubRecentLog: EdgeHubRecentLogSource {
    public enum Outcome: Equatable, Sendable {
        /// The command's output lines, and the command that printed them.
        case lines(command: String, [String])
        /// Why the log could not be read: no command found, it failed, or it did not finish in time.
        case unavailable(String)
    }

    public static func standardCommands(since: String = "5m") -> [EdgeHubLogFollower.Command] {
        [EdgeHubLogFollower.Command(name: "iotedge", arguments: ["logs", "--since", since, "edgeHub"]),
         EdgeHubLogFollower.Command(name: "docker", arguments: ["logs", "--since", since, "edgeHub"])]
    }

    public var commands: [EdgeHubLogFollower.Command]
    /// Where to look for the commands (`PATH`).
    public var searchPath: String?
    public var timeout: Duration

    public init(commands: [EdgeHubLogFollower.Command] = EdgeHubRecentLog.standardCommands(),
                searchPath: String? = ProcessInfo.processInfo.environment["PATH"], timeout: Duration = .seconds(15)) {
        self.commands = commands
        self.searchPath = searchPath
        self.timeout = timeout
    }

    /// Runs the first command found to its end (or stops it after `timeout`).
    public func read() async -> Outcome {
        guard let (command, executable) = commands.lazy.compactMap({ command in
            ExecutableSearch.find(command.name, path: searchPath).map { (command, $0) }
        }).first else {
            return .unavailable("neither \(commands.map(\.name).joined(separator: " nor ")) found (run kepedge check on the IoT Edge gateway)")
        }
        let label = ([command.name] + command.arguments).joined(separator: " ")
        let stream = CommandLineFollower.lines(executable: executable, arguments: command.arguments)
        let collector = Task { () -> (lines: [String], ended: CommandOutput?) in
            var lines: [String] = []
            for await output in stream {
                if case .line(let text) = output { lines.append(text) } else { return (lines, output) }
            }
            return (lines, nil)
        }
        // Cancelling the collector ends the stream, which stops the command.
        let timer = Task {
            try? await Task.sleep(for: timeout)
            collector.cancel()
        }
        let (lines, ended) = await collector.value
        timer.cancel()
        switch ended {
        case .ended(_, exitedCleanly: true):
            return .lines(command: label, lines)
        case .ended(let description, exitedCleanly: false):
            let said = lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { ": \($0.prefix(200))" } ?? ""
            return .unavailable("'\(label)' \(description)\(said)")
        case .failedToStart(let reason):
            return .unavailable("'\(label)' could not be started: \(reason)")
        case .line, nil:
            return .unavailable("'\(label)' did not finish within \(timeout)")
        }
    }
}
