import Foundation
@testable import KepEdgeCore
import Testing

/// `hub-arrival`: the cloud's word that Kepware's messages arrive, folded from the reader's updates the same
/// way for step 6's "Hub" row and for `kepedge check`.
struct HubArrivalChecksTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_010)
    static let endpoint = "amqps://lab-hub.azure-devices.net:5671 (redirected to its Event Hub-compatible endpoint)"

    /// A Kepware standard-template body stamped at `published` (ms), enqueued `latency` ms later.
    static func kepware(device: String = "kepware-01", module: String? = nil, published: Int64 = 1_700_000_000_000, latency: Int64) -> HubEventsUpdate {
        let body = #"{"timestamp":\#(published),"values":[{"id":"Channel1.Device1.Tag1","v":42,"q":true,"t":\#(published)}]}"#
        return .message(HubEventDecodingTests.message(device: device, module: module, body: body, enqueuedMilliseconds: published + latency))
    }

    static func arrival(_ updates: [HubEventsUpdate]) -> HubArrival {
        var arrival = HubArrival(device: "kepware-01")
        for update in updates { arrival.record(update, now: now) }
        return arrival
    }

    @Test("the device's messages arrive: ok, titled with the slowest latency, the count and the median in the details")
    func arrive() {
        let arrival = Self.arrival([.listening(partitions: ["0", "1"]), Self.kepware(latency: 850), Self.kepware(latency: 1_250), Self.kepware(latency: 400)])
        let result = HubArrivalChecks.check(arrival, watchedSeconds: 15, endpoint: Self.endpoint)
        #expect(result.id == .hubArrival)
        #expect(result.status == .ok)
        #expect(result.title == "messages from kepware-01 arrive in IoT Hub within 1.2 s: 3 in 15 s")
        #expect(result.details.contains("end-to-end latency (Kepware's timestamp to enqueued time): median 850 ms, slowest 1.2 s"))
        #expect(result.details.first == "\(Self.endpoint), listened 15 s on 2 partitions")
        #expect(arrival.paneText == "3 in, 400 ms")
    }

    @Test("other devices' and modules' events are not counted")
    func othersLeftOut() {
        let arrival = Self.arrival([.listening(partitions: ["0"]), Self.kepware(device: "kepware-02", latency: 10),
                                    Self.kepware(module: "SimulatedTemperatureSensor", latency: 10)])
        #expect(arrival.count == 0)
        let result = HubArrivalChecks.check(arrival, watchedSeconds: 15, endpoint: Self.endpoint)
        #expect(result.status == .error)
        #expect(result.title == "no message from kepware-01 arrived in IoT Hub in 15 s")
        #expect(result.fix?.contains("$upstream") == true)
    }

    @Test("late messages warn and point at the Kepware host's clock")
    func late() {
        let result = HubArrivalChecks.check(Self.arrival([.listening(partitions: ["0"]), Self.kepware(latency: 45_000)]), watchedSeconds: 15, endpoint: Self.endpoint)
        #expect(result.status == .warning)
        #expect(result.title == "messages from kepware-01 arrive in IoT Hub, but late: up to 45.0 s after Kepware stamped them")
        #expect(result.fix?.contains("NTP") == true)
    }

    @Test("a body that is not Kepware's template still counts, without a latency")
    func rawBody() {
        let raw = HubEventsUpdate.message(HubEventDecodingTests.message(device: "kepware-01", body: "hello"))
        let arrival = Self.arrival([.listening(partitions: ["0"]), raw])
        let result = HubArrivalChecks.check(arrival, watchedSeconds: 10, endpoint: Self.endpoint)
        #expect(result.status == .ok)
        #expect(result.title == "messages from kepware-01 arrive in IoT Hub: 1 in 10 s")
        #expect(arrival.paneText == "1 in")
    }

    @Test("each way of not reading the endpoint is its own verdict: the engineer's input is an error, this machine's path a warning")
    func failures() {
        func result(_ failure: HubEventsFailure) -> CheckResult {
            HubArrivalChecks.check(Self.arrival([.failed(failure, retryInSeconds: nil)]), watchedSeconds: 15, endpoint: Self.endpoint)
        }
        let refused = result(.unauthorized(step: "CBS put-token", detail: "status 401"))
        #expect(refused.status == .error)
        #expect(refused.title == "IoT Hub's endpoint cannot be read from here: IoT Hub refused the hub-owner credentials (401)")
        #expect(refused.fix?.contains("ServiceConnect") == true)
        let unresolved = result(.nameNotResolved(host: "typo-hub.azure-devices.net"))
        #expect(unresolved.status == .error)
        #expect(unresolved.title.hasSuffix("typo-hub.azure-devices.net does not resolve"))
        let blocked = result(.portBlocked(host: "h", port: 5671, detail: "Connection refused"))
        #expect(blocked.status == .warning)
        #expect(blocked.title.hasSuffix("nothing answers on port 5671"))
        #expect(result(.tlsFailed(host: "h", detail: "x")).status == .warning)
        let titles = Set([refused, unresolved, blocked, result(.tlsFailed(host: "h", detail: "x")), result(.noRedirect(detail: "")),
                          result(.timedOut(step: "open", seconds: 20))].map(\.title))
        #expect(titles.count == 6)
    }

    @Test("listening again clears a failure; a message after a failure is what counts")
    func recovers() {
        let arrival = Self.arrival([.failed(.portBlocked(host: "h", port: 5671, detail: "timed out"), retryInSeconds: 1), .listening(partitions: ["0"]),
                                    Self.kepware(latency: 100)])
        #expect(arrival.failure == nil)
        #expect(HubArrivalChecks.check(arrival, watchedSeconds: 15, endpoint: Self.endpoint).status == .ok)
        let failedFirst = Self.arrival([.failed(.portBlocked(host: "h", port: 5671, detail: "timed out"), retryInSeconds: 1)])
        #expect(failedFirst.paneText == "5671 blocked")
        #expect(failedFirst.retrying)
    }

    @Test("never listening and no failure (the time ran out while connecting) is a warning")
    func neverListened() {
        let result = HubArrivalChecks.check(Self.arrival([]), watchedSeconds: 15, endpoint: Self.endpoint)
        #expect(result.status == .warning)
        #expect(result.title == "IoT Hub's endpoint did not start listening within 15 s")
    }

    @Test("latencies kept are bounded, so a long session does not grow")
    func bounded() {
        var arrival = HubArrival(device: "kepware-01")
        for index in 0..<(HubArrival.keptLatencies + 50) { arrival.record(Self.kepware(latency: Int64(index)), now: Self.now) }
        #expect(arrival.latencies.count == HubArrival.keptLatencies)
        #expect(arrival.count == HubArrival.keptLatencies + 50)
    }
}
