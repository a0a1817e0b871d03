import Foundation
import KepEdgeCore

/// edgeHub's counters as message-pane events (the wizard's step 6 and `kepedge monitor --edgehub-metrics`):
/// which endpoint is read, then one line when the device's flow starts, stops, or stalls upstream, and one when
/// scraping starts or stops failing. Each flow also reaches `onFlow` (the connection pane's "Flow" row).
public enum EdgeHubFlowFollower {
    public static func events(given: String?, device: String, interval: Duration = .seconds(5),
                              onFlow: (@Sendable (EdgeHubFlow) -> Void)? = nil) -> AsyncStream<MonitorEvent> {
        AsyncStream(bufferingPolicy: .bufferingNewest(256)) { continuation in
            let task = Task {
                let endpoint: EdgeHubMetricsEndpoint
                switch await EdgeHubMetricsDiscovery.find(given: given) {
                case .found(let found):
                    endpoint = found
                    continuation.yield(MonitorEvent(time: Date(), source: .edgeHub, level: .info,
                                                    text: "reading edgeHub's metrics at \(found.url) (\(found.wording)) every \(interval.components.seconds) s",
                                                    deviceID: device))
                case .unavailable(let reason, let fix):
                    continuation.yield(MonitorEvent(time: Date(), source: .edgeHub, level: .warning,
                                                    text: "edgeHub's metrics cannot be read: \(reason); \(fix)", deviceID: device))
                    continuation.finish()
                    return
                }
                var previous: EdgeHubFlow.State?
                var failing = false
                for await sample in EdgeHubFlowSampler.samples(url: endpoint.url, device: device, interval: interval) {
                    switch sample {
                    case .flow(let flow):
                        if failing {
                            failing = false
                            continuation.yield(MonitorEvent(time: flow.later.time, source: .edgeHub, level: .info,
                                                            text: "edgeHub's metrics answer again at \(endpoint.url)", deviceID: device))
                        }
                        onFlow?(flow)
                        if let line = EdgeHubFlowLine.event(previous: previous, flow: flow) { continuation.yield(line) }
                        previous = flow.state
                    case .failed(let failure, let time):
                        if !failing {
                            failing = true
                            continuation.yield(MonitorEvent(time: time, source: .edgeHub, level: .warning,
                                                            text: "edgeHub's metrics: \(failure.description)", deviceID: device))
                        }
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
