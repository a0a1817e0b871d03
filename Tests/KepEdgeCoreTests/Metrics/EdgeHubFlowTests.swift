import Foundation
import KepEdgeCore
import Testing

@Suite("edgeHub flow from two scrapes")
struct EdgeHubFlowTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_680_000)
    static let t1 = t0.addingTimeInterval(10)
    static let endpoint = "http://172.18.0.3:9600/metrics"

    static func counters(_ text: String, at time: Date, device: String = "kepware-01") throws -> EdgeHubDeviceCounters {
        try #require(EdgeHubDeviceCounters.read(try PrometheusTextParser.parse(text), device: device, time: time))
    }

    static func flow(_ first: String, _ second: String) throws -> EdgeHubFlow {
        EdgeHubFlow(from: try counters(first, at: t0), to: try counters(second, at: t1))
    }

    @Test("the device's own series are read; a module's are not; connect-success id in ToString form")
    func readsDeviceSeries() throws {
        let counters = try Self.counters(EdgeHubMetricsCorpus.leafPage(received: 40, sent: 38, queue: 2, droppedNoRoute: 1, connectFailed: 3), at: Self.t0)
        #expect(counters.received == 40)
        #expect(counters.sentUpstream == 38)
        #expect(counters.upstreamQueue == 2)
        #expect(counters.dropped == ["no_route": 1])
        #expect(counters.connectFailures == ["not_authenticated": 3])
        #expect(counters.connectSuccesses == 1)
        #expect(counters.instanceNumber == "5f1c9a52-0d8e-4a55-9d3e-1b0f6b1f7c11")
    }

    @Test("a page without edgeHub metrics (edgeAgent answered) is not read as zeros")
    func notEdgeHub() throws {
        let page = try PrometheusTextParser.parse("edgeAgent_total_time_running_correctly_seconds{module_name=\"edgeHub\"} 100\n")
        #expect(EdgeHubDeviceCounters.read(page, device: "kepware-01", time: Self.t0) == nil)
    }

    @Test("an absent series is zero: a device never seen has received nothing")
    func absentIsZero() throws {
        let counters = try Self.counters(EdgeHubMetricsCorpus.issue5154, at: Self.t0)
        #expect(counters.received == 0 && counters.sentUpstream == 0)
    }

    @Test("flowing: deltas, rates and the Flow row")
    func flowing() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 40, sent: 40), EdgeHubMetricsCorpus.leafPage(received: 52, sent: 52))
        #expect(flow.state == .flowing)
        #expect(flow.received == 12 && flow.sentUpstream == 12)
        #expect(flow.receivedPerSecond == 1.2)
        #expect(flow.summary == "12 in / 12 up per 10 s")
        let checks = EdgeHubFlowChecks.checks(flow, endpoint: Self.endpoint)
        #expect(checks.map(\.status) == [.ok, .ok])
        #expect(checks.map(\.id) == [.edgeHubReceives, .edgeHubForwards])
        #expect(checks[0].title == "edgeHub receives messages from kepware-01: 12 in 10 s")
        #expect(checks[0].details.contains("edgehub_messages_received_total{id=\"kepware-01\"}: 40 -> 52"))
    }

    @Test("restart: a new instance_number counts the later value from zero")
    func restartByInstance() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 400, sent: 400),
                                 EdgeHubMetricsCorpus.leafPage(instance: "0b7d1f9e-1111-4c3a-8e55-2f0c6a1d9e22", received: 5, sent: 4))
        #expect(flow.restarted)
        #expect(flow.received == 5 && flow.sentUpstream == 4)
        #expect(flow.summary == "5 in / 4 up per 10 s (edgeHub restarted)")
    }

    @Test("restart without a label change: a counter that went down is counted from zero")
    func restartByDecrease() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 400, sent: 400), EdgeHubMetricsCorpus.leafPage(received: 7, sent: 7))
        #expect(!flow.restarted)
        #expect(flow.received == 7 && flow.sentUpstream == 7)
    }

    @Test("no route: received grows, upstream does not, no_route drops: the route is the fix")
    func noRoute() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 10, sent: 0, droppedNoRoute: 10),
                                 EdgeHubMetricsCorpus.leafPage(received: 20, sent: 0, droppedNoRoute: 20))
        #expect(flow.state == .stalledUpstream)
        let forwards = EdgeHubFlowChecks.forwards(flow, endpoint: Self.endpoint)
        #expect(forwards.status == .error)
        #expect(forwards.title.contains("no route"))
        #expect(forwards.fix?.contains("INTO $upstream") == true)
        let line = try #require(EdgeHubFlowLine.event(previous: .flowing, flow: flow))
        #expect(line.level == .error)
        #expect(line.text.contains("dropped: no route to $upstream"))
    }

    @Test("edgeHub offline: received, none sent, the queue grows: the connection is the fix")
    func offline() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 10, sent: 5, queue: 5), EdgeHubMetricsCorpus.leafPage(received: 20, sent: 5, queue: 15))
        let forwards = EdgeHubFlowChecks.forwards(flow, endpoint: Self.endpoint)
        #expect(forwards.status == .error)
        #expect(forwards.title.contains("cannot reach IoT Hub (15 queued)"))
        #expect(forwards.fix?.contains("offline") == true)
    }

    @Test("queue growing while sending: a warning")
    func queueGrowing() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 10, sent: 10, queue: 0), EdgeHubMetricsCorpus.leafPage(received: 30, sent: 20, queue: 10))
        let forwards = EdgeHubFlowChecks.forwards(flow, endpoint: Self.endpoint)
        #expect(forwards.status == .warning)
        #expect(forwards.title.contains("queue grows"))
        #expect(flow.summary == "20 in / 10 up per 10 s, 10 queued")
    }

    @Test("agent not publishing: nothing received; forwards skipped")
    func notPublishing() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 10, sent: 10), EdgeHubMetricsCorpus.leafPage(received: 10, sent: 10))
        let checks = EdgeHubFlowChecks.checks(flow, endpoint: Self.endpoint)
        #expect(checks.map(\.status) == [.error, .skipped])
        #expect(checks[0].fix?.contains("not publishing") == true)
        #expect(EdgeHubFlowLine.event(previous: .flowing, flow: flow)?.text.contains("stopped") == true)
        #expect(EdgeHubFlowLine.event(previous: .idle, flow: flow) == nil)
    }

    @Test("refused connections: the reason label is the evidence")
    func refused() throws {
        let flow = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 0, sent: 0, connectFailed: 1),
                                 EdgeHubMetricsCorpus.leafPage(received: 0, sent: 0, connectFailed: 4))
        let receives = EdgeHubFlowChecks.receives(flow, endpoint: Self.endpoint)
        #expect(receives.status == .error)
        #expect(receives.title.contains("3 failed (not_authenticated)"))
    }

    @Test("pane lines only on a change of state")
    func lines() throws {
        let flowing = try Self.flow(EdgeHubMetricsCorpus.leafPage(received: 40, sent: 40), EdgeHubMetricsCorpus.leafPage(received: 52, sent: 52))
        #expect(EdgeHubFlowLine.event(previous: nil, flow: flowing)?.text == "edgeHub receives kepware-01's messages and forwards them upstream: 12 in / 12 up per 10 s")
        #expect(EdgeHubFlowLine.event(previous: .flowing, flow: flowing) == nil)
    }
}
