import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Step 6 from edgeHub's own counters: finds the metrics endpoint (or takes `--edgehub-metrics URL`), scrapes
/// twice `interval` apart, and returns the verdicts `EdgeHubFlowChecks` makes (ids in docs/check-json.md).
enum EdgeHubFlowCheck {
    static func run(device: String?, given: String?, interval: Duration, searchPath: String?) async -> [CheckResult] {
        guard let device else {
            return [EdgeHubFlowChecks.unavailable(reason: "no device id: give --device ID or --session FILE", fix: nil, status: .skipped)]
        }
        let endpoint: EdgeHubMetricsEndpoint
        switch await EdgeHubMetricsDiscovery.find(given: given, dockerPath: searchPath) {
        case .found(let found):
            endpoint = found
        case .unavailable(let reason, let fix):
            // Nothing to look at here (no Docker, no edgeHub) is not a failure of the gateway; a given URL that fails is.
            let status: CheckStatus = given != nil ? .error : (reason.contains("not installed") || reason.contains("no edgeHub container") ? .skipped : .warning)
            return [EdgeHubFlowChecks.unavailable(reason: reason, fix: fix, status: status)]
        }
        do throws(EdgeHubMetricsScraper.Failure) {
            let flow = try await EdgeHubFlowSampler.flow(url: endpoint.url, device: device, interval: interval)
            return EdgeHubFlowChecks.checks(flow, endpoint: "\(endpoint.url) (\(endpoint.wording))")
        } catch {
            return [EdgeHubFlowChecks.unavailable(reason: error.description, fix: "check that edgeHub runs (iotedge list) and try again", status: .error)]
        }
    }
}
