import Foundation
import KepEdgeCore

/// Scrapes edgeHub's metrics for one device at an interval and turns each pair of scrapes into an `EdgeHubFlow`.
public enum EdgeHubFlowSampler {
    /// Two scrapes `interval` apart (for `kepedge check`).
    public static func flow(url: String, device: String, interval: Duration, timeoutSeconds: Int = 5) async throws(EdgeHubMetricsScraper.Failure) -> EdgeHubFlow {
        let first = try await EdgeHubMetricsScraper.counters(url: url, device: device, seconds: timeoutSeconds)
        try? await Task.sleep(for: interval)
        let second = try await EdgeHubMetricsScraper.counters(url: url, device: device, seconds: timeoutSeconds)
        return EdgeHubFlow(from: first, to: second)
    }

    /// One element per scrape after the first: the flow since the previous good scrape, or why this scrape failed.
    public enum Sample: Sendable {
        case flow(EdgeHubFlow)
        case failed(EdgeHubMetricsScraper.Failure, at: Date)
    }

    /// Scrapes every `interval` until cancelled (the wizard's step 6, `kepedge monitor --edgehub-metrics`).
    public static func samples(url: String, device: String, interval: Duration, timeoutSeconds: Int = 5) -> AsyncStream<Sample> {
        AsyncStream(bufferingPolicy: .bufferingNewest(16)) { continuation in
            let task = Task {
                var previous: EdgeHubDeviceCounters?
                while !Task.isCancelled {
                    do throws(EdgeHubMetricsScraper.Failure) {
                        let counters = try await EdgeHubMetricsScraper.counters(url: url, device: device, seconds: timeoutSeconds)
                        if let previous { continuation.yield(.flow(EdgeHubFlow(from: previous, to: counters))) }
                        previous = counters
                    } catch {
                        continuation.yield(.failed(error, at: Date()))
                    }
                    try? await Task.sleep(for: interval)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
