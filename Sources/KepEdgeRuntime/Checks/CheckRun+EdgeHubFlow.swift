import Foundation
import KepEdgeCore
import KepEdgeProbes

extension CheckRun {
    /// Step 6 from edgeHub's own counters, with no connection as the device: finds the metrics endpoint
    /// (or takes `given`), scrapes twice `interval` apart, and reports `EdgeHubFlowChecks`' verdicts.
    public func edgeHubFlow(given: String?, interval: Duration, searchPath: String?) async -> [Check] {
        let results: [CheckResult]
        if let device = driver.state.device.device?.rawValue {
            results = await Self.edgeHubFlow(device: device, given: given, interval: interval, searchPath: searchPath)
        } else {
            results = [EdgeHubFlowChecks.unavailable(reason: "no device id: give --device ID or --session FILE", fix: nil, status: .skipped)]
        }
        return results.map { Check(step: .validation, result: $0) }
    }

    private static func edgeHubFlow(device: String, given: String?, interval: Duration, searchPath: String?) async -> [CheckResult] {
        let endpoint: EdgeHubMetricsEndpoint
        switch await EdgeHubMetricsDiscovery.find(given: given, dockerPath: searchPath) {
        case .found(let found):
            endpoint = found
        case .unavailable(let reason, let fix):
            return [EdgeHubFlowChecks.notFound(reason: reason, fix: fix, urlGiven: given != nil)]
        }
        do throws(EdgeHubMetricsScraper.Failure) {
            let flow = try await EdgeHubFlowSampler.flow(url: endpoint.url, device: device, interval: interval)
            return EdgeHubFlowChecks.checks(flow, endpoint: "\(endpoint.url) (\(endpoint.wording))")
        } catch {
            return [EdgeHubFlowChecks.unavailable(reason: error.description, fix: "check that edgeHub runs (iotedge list) and try again", status: .error)]
        }
    }
}
