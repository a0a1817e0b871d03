import Foundation
import KepEdgeCore
import Testing

@Suite("CONNACK diagnosis")
struct ConnackDiagnosisTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let username = "myhub.azure-devices.net/kepware-01/?api-version=2021-04-12"

    static func token(hub: String = "myhub.azure-devices.net", device: String = "kepware-01", expiry: Int = 1_800_003_600, policy: String? = nil) -> SASTokenInspection {
        SASTokenInspection(resourceURI: "\(hub)/devices/\(device)", policyName: policy, expiryEpoch: expiry)
    }

    static func context(clientID: String = "kepware-01", username: String = username, token: SASTokenInspection? = token()) -> ConnackContext {
        ConnackContext(clientID: clientID, username: username, hasPassword: true, token: token)
    }

    @Test("0 is accepted, with no causes")
    func accepted() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 0, context: Self.context(), now: Self.now)
        #expect(diagnosis.accepted)
        #expect(diagnosis.causes.isEmpty)
    }

    @Test("5 with a token expired beyond edgeHub's 5-minute allowance puts the expiry first")
    func expiredFirst() {
        let expired = Self.token(expiry: Int(Self.now.timeIntervalSince1970) - 301)
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: Self.context(token: expired), now: Self.now)
        #expect(diagnosis.name == "not authorized")
        #expect(diagnosis.likelyCauses.first?.id == "token-expired")
        #expect(diagnosis.likelyCauses.first?.evidence == .seen)
    }

    @Test("5 with a token just past se but inside the allowance does not blame the expiry")
    func withinSkew() {
        let recent = Self.token(expiry: Int(Self.now.timeIntervalSince1970) - 120)
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: Self.context(token: recent), now: Self.now)
        #expect(diagnosis.causes.first { $0.id == "token-expired" }?.evidence == .ruledOut)
    }

    @Test("5 with a client id that differs from the token's device (case counts) puts that first")
    func clientIDMismatch() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: Self.context(clientID: "Kepware-01"), now: Self.now)
        #expect(diagnosis.likelyCauses.first?.id == "client-id-not-device")
        #expect(diagnosis.likelyCauses.first?.text.contains("kepware-01") == true)
    }

    @Test("5 with the username naming another hub than the token's audience")
    func audienceMismatch() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: Self.context(token: Self.token(hub: "otherhub.azure-devices.net")), now: Self.now)
        #expect(diagnosis.likelyCauses.first?.id == "audience-mismatch")
    }

    // Issue 13 §1: the seed's hub is sdbedgeIoTHub; a token lower-cased by a tool is refused by IoT Edge 1.1 only.
    static let seedHub = "sdbedgeIoTHub.azure-devices.net"
    static func seedContext(release: IoTEdgeRelease?) -> ConnackContext {
        ConnackContext(clientID: "kepware-01", username: "\(seedHub)/kepware-01/?api-version=2021-04-12", hasPassword: true,
                       token: token(hub: seedHub.lowercased()), edgeRelease: release, gatewayHubHostName: seedHub)
    }

    @Test("5 on IoT Edge 1.1 with the token's hub differing only in case sees the audience, and its fix names the config's spelling")
    func hubCaseOn11() throws {
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: Self.seedContext(release: .v1_1), now: Self.now)
        let first = try #require(diagnosis.likelyCauses.first)
        #expect(first.id == "audience-mismatch")
        #expect(first.evidence == .seen)
        #expect(first.text.contains("case"))
        #expect(first.fix.contains("--hub sdbedgeIoTHub.azure-devices.net"))
    }

    @Test("5 on IoT Edge 1.2+ rules the case-only difference out; unknown release keeps it possible")
    func hubCaseOn12AndUnknown() {
        let later = ConnackDiagnosis.diagnose(code: 5, context: Self.seedContext(release: .v1_2OrLater), now: Self.now)
        #expect(later.causes.first { $0.id == "audience-mismatch" }?.evidence == .ruledOut)
        let unknown = ConnackDiagnosis.diagnose(code: 5, context: Self.seedContext(release: nil), now: Self.now)
        #expect(unknown.causes.first { $0.id == "audience-mismatch" }?.evidence == .possible)
    }

    @Test("5 with a token whose sr names the gateway: allowed by edgeHub, so not the audience")
    func audienceNamesGateway() {
        var context = Self.context(token: Self.token(hub: "gateway.plant.local"))
        context.gatewayHostName = "gateway.plant.local"
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: context, now: Self.now)
        let audience = diagnosis.causes.first { $0.id == "audience-mismatch" }
        #expect(audience?.evidence == .ruledOut)
        #expect(audience?.text.contains("names the gateway") == true)
    }

    @Test("5 with nothing visibly wrong: parent first, then key, then disabled; the checked causes ruled out")
    func nothingSeen() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: Self.context(), now: Self.now)
        #expect(diagnosis.likelyCauses.map(\.id) == ["no-parent", "wrong-key", "device-disabled"])
        #expect(diagnosis.causes.suffix(3).allSatisfy { $0.evidence == .ruledOut })
    }

    @Test("5 without a readable token keeps every cause possible, the expiry first")
    func noToken() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 5, context: Self.context(token: nil), now: Self.now)
        #expect(diagnosis.causes.allSatisfy { $0.evidence == .possible })
        #expect(diagnosis.causes.first?.id == "token-expired")
    }

    @Test("3 with a username without api-version says so first")
    func noAPIVersion() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 3, context: Self.context(username: "myhub.azure-devices.net/kepware-01"), now: Self.now)
        #expect(diagnosis.name == "server unavailable")
        #expect(diagnosis.likelyCauses.first?.id == "no-api-version")
        #expect(diagnosis.meaning.contains("api-version"))
    }

    @Test("3 with a blank client id says the client id, not the username (edgeHub answers 3, not 5)")
    func blankClientIDIsThree() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 3, context: Self.context(clientID: ""), now: Self.now)
        #expect(diagnosis.likelyCauses.first?.id == "client-id-empty")
        #expect(diagnosis.likelyCauses.first?.evidence == .seen)
        #expect(diagnosis.meaning.contains("client id is blank"))
    }

    @Test("3 with a username edgeHub cannot parse names the username's shape")
    func unparsableUsernameIsThree() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 3, context: Self.context(username: "kepware-01?api-version=2021-04-12"), now: Self.now)
        #expect(diagnosis.likelyCauses.first?.id == "username-shape")
        #expect(diagnosis.causes.first { $0.id == "client-id-empty" }?.evidence == .ruledOut)
    }

    @Test("3 with a well-formed username points at edgeHub itself")
    func serverUnavailableWellFormed() {
        let diagnosis = ConnackDiagnosis.diagnose(code: 3, context: Self.context(), now: Self.now)
        #expect(diagnosis.likelyCauses.map(\.id) == ["edgehub-error"])
    }

    @Test("4, 2 and 1 say the server is not behaving like edgeHub; unknown codes too")
    func otherCodes() {
        for code in [4, 2, 1, 9] {
            let diagnosis = ConnackDiagnosis.diagnose(code: code, context: Self.context(), now: Self.now)
            #expect(!diagnosis.accepted)
            #expect(diagnosis.likelyCauses.contains { $0.id == "not-edgehub" || $0.id == "protocol-version" }, "code \(code)")
        }
        let noPassword = ConnackContext(clientID: "kepware-01", username: Self.username, hasPassword: false, token: nil)
        #expect(ConnackDiagnosis.diagnose(code: 4, context: noPassword, now: Self.now).likelyCauses.first?.id == "no-password")
    }
}

@Suite("reconnect backoff")
struct ReconnectBackoffTests {
    @Test("doubles from 1 s and stops at 30 s")
    func schedule() {
        let backoff = ReconnectBackoff()
        #expect((0..<8).map { backoff.step(attempt: $0) } == [1, 2, 4, 8, 16, 30, 30, 30])
        #expect(backoff.step(attempt: 10_000) == 30)
        #expect(backoff.step(attempt: -3) == 1)
    }

    @Test("jitter shortens each wait by at most the jitter fraction, never lengthens it")
    func jitter() {
        let backoff = ReconnectBackoff(jitterFraction: 0.2)
        for attempt in 0..<8 {
            for random in [0.0, 0.25, 0.5, 0.999, 1.5, -1] {
                let delay = backoff.delay(attempt: attempt, random: random)
                #expect(delay <= backoff.step(attempt: attempt))
                #expect(delay >= backoff.step(attempt: attempt) * 0.8 - 1e-9)
            }
        }
        #expect(backoff.delay(attempt: 2, random: 0.5) == 3.6)
    }
}

@Suite("probe message")
struct KepwareProbeMessageTests {
    @Test("the test message is Kepware's standard template and decodes into one good row")
    func standardTemplate() {
        let time = Date(timeIntervalSince1970: 1_535_488_325.249)
        let data = KepwareProbeMessage.payload(sequence: 7, at: time)
        #expect(String(decoding: data, as: UTF8.self) == #"{"timestamp":1535488325249,"values":[{"id":"kepedge.probe","v":7,"q":true,"t":1535488325249}]}"#)
        guard case .standard(let timestamp, let rows) = KepwarePayload.decode(data) else {
            Issue.record("not decoded as the standard template")
            return
        }
        #expect(timestamp == time)
        #expect(rows == [KepwarePayloadRow(tag: "kepedge.probe", value: "7", quality: .good, time: time)])
    }
}
