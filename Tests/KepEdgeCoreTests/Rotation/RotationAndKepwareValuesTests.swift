import Foundation
import KepEdgeCore
import Testing

@Suite struct RotationAndKepwareValuesTests {
    @Test func rotatesOnlyInsideTheWindow() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(SASRotationDecision.decide(currentExpiryEpoch: 1_000_000 + 8 * 86_400, now: now, window: 7 * 86_400) == .notYet(timeLeft: 8 * 86_400))
        #expect(SASRotationDecision.decide(currentExpiryEpoch: 1_000_000 + 6 * 86_400, now: now, window: 7 * 86_400) == .rotate(timeLeft: 6 * 86_400))
        #expect(SASRotationDecision.decide(currentExpiryEpoch: 999_000, now: now, window: 7 * 86_400) == .rotate(timeLeft: -1_000))
    }

    @Test func eventLogTimestampsAreKepwaresFormatInUTC() {
        #expect(KepwareEventLogEntry.timestamp(Date(timeIntervalSince1970: 1_451_606_400.123)) == "2016-01-01T00:00:00.123")
        #expect(KepwarePaths.eventLog(limit: 10, start: Date(timeIntervalSince1970: 0)) == "/event_log?limit=10&start=1970-01-01T00:00:00.000")
    }

    @Test func connectedLineAndProblemsAreRecognised() {
        let connected = KepwareEventLogEntry(timestamp: "t", event: "Information", source: "KEPServerEX\\Runtime",
                                             message: "MQTT agent 'Agent' is connected to broker 'ssl://iotedgegw.local:8883'")
        #expect(connected.saysConnected(agent: "Agent", url: "ssl://iotedgegw.local:8883"))
        #expect(connected.saysConnected(agent: "Agent", url: nil))
        #expect(!connected.saysConnected(agent: "Agent2", url: nil))
        #expect(!connected.isProblem(mentioning: "Agent", url: nil))
        let warning = KepwareEventLogEntry(timestamp: "t", event: "Warning", source: "s", message: "cannot reach ssl://iotedgegw.local:8883")
        #expect(warning.isProblem(mentioning: "Agent", url: "ssl://iotedgegw.local:8883"))
        #expect(!warning.isProblem(mentioning: "Agent", url: nil))
    }

    @Test func localhostBecomesIPv4AndIPv6IsRefused() throws {
        let endpoint = try KepwareEndpoint(host: "localhost", port: nil, https: false)
        #expect(endpoint.baseURL == "http://127.0.0.1:57412/config/v1")
        #expect(endpoint.warning?.contains("IPv6") == true)
        #expect(try KepwareEndpoint(host: "10.1.2.3", port: nil, https: true).baseURL == "https://10.1.2.3:57512/config/v1")
        #expect(throws: KepwareEndpointError.self) { try KepwareEndpoint(host: "::1", port: nil, https: false) }
        #expect(throws: KepwareEndpointError.self) { try KepwareEndpoint(host: "h", port: 70000, https: false) }
    }

    @Test func agentDiffNeverClaimsThePasswordMatches() {
        let expected: JSONValue = .object([KepwarePropertyKey.url: .string("ssl://gw:8883"), KepwarePropertyKey.qos: .int(1), KepwarePropertyKey.password: .string("tok")])
        let actual: JSONValue = .object([KepwarePropertyKey.url: .string("ssl://gw:8883"), KepwarePropertyKey.qos: .int(0), KepwarePropertyKey.password: .string("a1b2")])
        let diff = KepwareAgentDiff(expected: expected, actual: actual)
        #expect(diff.differences.map(\.property) == [KepwarePropertyKey.qos])
        #expect(diff.unverifiable == [KepwarePropertyKey.password])
        #expect(diff.lines.contains { $0.contains("cannot be read back") })
    }

    @Test func aDifferentPublishRateIsNoConnectionDifferenceButAUsernameIs() {
        let expected: JSONValue = .object([KepwarePropertyKey.rateMilliseconds: .int(10_000), KepwarePropertyKey.username: .string("hub/dev/?api-version=2021-04-12")])
        let actual: JSONValue = .object([KepwarePropertyKey.rateMilliseconds: .int(1_000), KepwarePropertyKey.username: .string("hub/dev/")])
        let diff = KepwareAgentDiff(expected: expected, actual: actual)
        #expect(diff.differences.map(\.property) == [KepwarePropertyKey.rateMilliseconds, KepwarePropertyKey.username])
        #expect(diff.connectionDifferences.map(\.property) == [KepwarePropertyKey.username])
    }

    @Test func multiStatusFailuresAreListed() throws {
        let body = #"[{"code":201,"message":"Created","common.ALLTYPES_NAME":"A"},{"code":400,"message":"Error adding item X.","common.ALLTYPES_NAME":"B"}]"#
        let status = try #require(KepwareMultiStatus(json: Data(body.utf8)))
        #expect(status.failures.map(\.name) == ["B"])
        #expect(KepwareMultiStatus(json: Data(#"{"code":201}"#.utf8)) == nil)
    }
}
