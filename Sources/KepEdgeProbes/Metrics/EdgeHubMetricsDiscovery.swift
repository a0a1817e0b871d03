import Foundation
import KepEdgeCore

/// Finds edgeHub's metrics without asking: `--edgehub-metrics URL` when given, else what `docker inspect edgeHub`
/// gives (a host port mapped to 9600, then the container's address on its network, reachable from the host on Linux),
/// each tried with one scrape. Says which was used, or why none answered and what to do.
public enum EdgeHubMetricsDiscovery {
    public enum Outcome: Sendable {
        case found(EdgeHubMetricsEndpoint)
        case unavailable(reason: String, fix: String)
    }

    public static func find(given: String?, seconds: Int = 5, dockerPath: String? = ProcessInfo.processInfo.environment["PATH"]) async -> Outcome {
        if let given {
            do throws(EdgeHubMetricsScraper.Failure) {
                _ = try await EdgeHubMetricsScraper.page(url: given, seconds: seconds)
                return .found(EdgeHubMetricsEndpoint(url: given, origin: .given))
            } catch {
                return .unavailable(reason: error.description, fix: "check the URL (edgeHub serves http://<edgeHub's address>:9600/metrics) and that edgeHub runs")
            }
        }
        let inspection: EdgeHubContainerInspection
        switch await inspect(searchPath: dockerPath, seconds: seconds) {
        case .failure(let reason, let fix): return .unavailable(reason: reason, fix: fix)
        case .inspected(let inspected): inspection = inspected
        }
        if let blocker = inspection.blocker { return .unavailable(reason: blocker.reason, fix: blocker.fix) }
        var tried: [String] = []
        for candidate in inspection.candidates {
            do throws(EdgeHubMetricsScraper.Failure) {
                _ = try await EdgeHubMetricsScraper.page(url: candidate.url, seconds: seconds)
                return .found(candidate)
            } catch {
                tried.append(error.description)
            }
        }
        return .unavailable(reason: tried.joined(separator: "; "),
                            fix: "check that edgeHub's metrics are on (Metrics__Listener__MetricsEnabled not false) and that nothing blocks the host from the container network; or map 9600 in edgeHub's createOptions and give --edgehub-metrics URL")
    }

    enum Inspection {
        case inspected(EdgeHubContainerInspection)
        case failure(reason: String, fix: String)
    }

    /// `docker inspect edgeHub`, in a child with no `KEPEDGE_*` variables (secrets may sit there) and a timeout.
    static func inspect(searchPath: String?, seconds: Int) async -> Inspection {
        guard let docker = ExecutableSearch.find("docker", path: searchPath) else {
            return .failure(reason: "docker is not installed or not on PATH, so edgeHub's address cannot be looked up",
                            fix: "give --edgehub-metrics http://<edgeHub's address>:9600/metrics")
        }
        let result: CommandResult
        do {
            result = try await CommandResult.run(docker, ["inspect", "edgeHub"], seconds: seconds)
        } catch {
            return .failure(reason: "docker inspect edgeHub could not run: \(error)", fix: "give --edgehub-metrics URL")
        }
        if result.timedOut {
            return .failure(reason: "docker inspect edgeHub gave no answer within \(seconds) s", fix: "check the Docker daemon (systemctl status docker), or give --edgehub-metrics URL")
        }
        if result.status != 0 {
            let text = result.output.lowercased()
            if text.contains("permission denied") {
                return .failure(reason: "docker inspect edgeHub: permission denied on the Docker socket",
                                fix: "run kepedge with sudo, or add this user to the docker group (sudo usermod -aG docker $USER, then log in again)")
            }
            if text.contains("no such object") || text.contains("no such container") {
                return .failure(reason: "there is no edgeHub container on this host",
                                fix: "check that IoT Edge runs here (`sudo iotedge list`); edgeHub appears once a deployment reaches the device")
            }
            return .failure(reason: "docker inspect edgeHub failed: \(result.output.split(separator: "\n").first.map(String.init) ?? "status \(result.status)")",
                            fix: "check the Docker daemon, or give --edgehub-metrics URL")
        }
        guard let inspection = EdgeHubContainerInspection(dockerInspectJSON: Data(result.output.utf8)) else {
            return .failure(reason: "docker inspect edgeHub printed something other than a container's JSON", fix: "give --edgehub-metrics URL")
        }
        return .inspected(inspection)
    }
}

/// A short command's status and combined output, with a timeout.
struct CommandResult {
    var status: Int32
    var output: String
    var timedOut: Bool

    static func run(_ executable: String, _ arguments: [String], seconds: Int) async throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = scrubbedEnvironment()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read while it runs: a full pipe would block the child.
        let reader = Task.detached { pipe.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(Double(seconds))
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        let data = await reader.value
        return CommandResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self), timedOut: timedOut)
    }

    /// This process's environment without `KEPEDGE_*` (device keys and hub-owner strings may be given that way).
    static func scrubbedEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        environment.filter { !$0.key.hasPrefix("KEPEDGE_") }
    }
}

/// How the wizard's runtime finds edgeHub's metrics.
public enum EdgeHubMetricsChoice: Sendable, Equatable {
    /// `docker inspect edgeHub` (a mapped host port, else its container address).
    case discover
    case url(String)

    public var url: String? {
        if case .url(let url) = self { return url }
        return nil
    }
}
