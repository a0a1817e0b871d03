import Foundation
import KepEdgeCore
import Testing

struct EventHubsSASTokenTests {
    static let key = try! SharedAccessKey(base64: "AAMGCQwPEhUYGx4hJCcqLTAzNjk8P0JFSEtOUVRXWl0=")
    static let audience = "sb://ihsuprodlab001dednamespace.servicebus.windows.net/iothub-ehub-lab-hub-1234567-0a1b2c3d4e"

    /// The same token Python's `_pyamqp.utils.generate_sas_token` gives (HMAC keyed with the key's UTF-8 text).
    @Test func matchesTheEventHubsSDKsAlgorithm() {
        let token = EventHubsSASToken.generate(audience: Self.audience, policyName: "iothubowner", key: Self.key, expiry: 1_900_000_000)
        #expect(token.revealed == "SharedAccessSignature sr=sb%3A%2F%2Fihsuprodlab001dednamespace.servicebus.windows.net%2Fiothub-ehub-lab-hub-1234567-0a1b2c3d4e"
                + "&sig=uSfCgvZqW7rvin5O07TkZ2tnR65abo4Ii69muYyefb0%3D&se=1900000000&skn=iothubowner")
    }

    @Test func verifyAcceptsItsOwnTokenAndRefusesEachFault() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let keys = ["iothubowner": Self.key]
        let good = EventHubsSASToken.generate(audience: Self.audience, policyName: "iothubowner", key: Self.key, expiry: 1_800_000_600).revealed
        #expect(EventHubsSASToken.verify(good, audience: Self.audience, keys: keys, now: now) == nil)

        let other = try SharedAccessKey(base64: Data(repeating: 7, count: 32).base64EncodedString())
        let wrongKey = EventHubsSASToken.generate(audience: Self.audience, policyName: "iothubowner", key: other, expiry: 1_800_000_600).revealed
        #expect(EventHubsSASToken.verify(wrongKey, audience: Self.audience, keys: keys, now: now) == .wrongSignature)

        let expired = EventHubsSASToken.generate(audience: Self.audience, policyName: "iothubowner", key: Self.key, expiry: 1_799_999_000).revealed
        #expect(EventHubsSASToken.verify(expired, audience: Self.audience, keys: keys, now: now) == .expired(expiry: 1_799_999_000))

        let service = EventHubsSASToken.generate(audience: Self.audience, policyName: "service", key: Self.key, expiry: 1_800_000_600).revealed
        #expect(EventHubsSASToken.verify(service, audience: Self.audience, keys: keys, now: now) == .unknownPolicy("service"))

        let elsewhere = EventHubsSASToken.generate(audience: "sb://other.servicebus.windows.net/x", policyName: "iothubowner", key: Self.key,
                                                   expiry: 1_800_000_600).revealed
        #expect(EventHubsSASToken.verify(elsewhere, audience: Self.audience, keys: keys, now: now) == .wrongAudience("sb://other.servicebus.windows.net/x"))

        // IoT Hub's own token signs with the base64-decoded key: the Event Hubs host must not take it.
        let iotHubStyle = SASToken.generate(resourceURI: Self.audience, key: Self.key, expiry: 1_800_000_600, policyName: "iothubowner").value.revealed
        #expect(EventHubsSASToken.verify(iotHubStyle, audience: Self.audience, keys: keys, now: now) == .wrongSignature)
        #expect(EventHubsSASToken.Refusal.wrongSignature.statusCode == 401)
    }
}

struct HubEventFilterTests {
    @Test func writesTheCLIsFormAndReadsBothForms() {
        let filter = HubEventFilter(afterMilliseconds: 1_664_776_274_356)
        #expect(filter.expression == "amqp.annotation.x-opt-enqueuedtimeutc > 1664776274356")
        #expect(HubEventFilter(parsing: filter.expression) == filter)
        #expect(HubEventFilter(parsing: "amqp.annotation.x-opt-enqueued-time >= '1664776274356'")
                == HubEventFilter(afterMilliseconds: 1_664_776_274_356, inclusive: true))
        #expect(HubEventFilter(parsing: "amqp.annotation.x-opt-enqueued-time > 'soon'") == nil)
        #expect(HubEventFilter(parsing: "amqp.annotation.x-opt-partition-key > '1'") == nil)
    }

    /// The Event Hubs SDKs' sequence-number and offset forms (azure-sdk-for-js `getEventPositionFilter`),
    /// which any client may send to the lab's endpoint.
    @Test func readsAndWritesTheSDKsSequenceNumberAndOffsetForms() {
        let sequence = HubEventFilter(afterSequenceNumber: 4711)
        #expect(sequence.expression == "amqp.annotation.x-opt-sequence-number > '4711'")
        #expect(HubEventFilter(parsing: sequence.expression) == sequence)
        #expect(HubEventFilter(parsing: "amqp.annotation.x-opt-sequence-number >= '0'")
                == HubEventFilter(field: .sequenceNumber, position: 0, inclusive: true))
        #expect(HubEventFilter(parsing: "amqp.annotation.x-opt-offset > '-1'") == HubEventFilter(field: .offset, position: -1))
        let latest = HubEventFilter(parsing: "amqp.annotation.x-opt-offset > '@latest'")
        #expect(latest == HubEventFilter(field: .offset, position: nil))
        #expect(latest?.expression == "amqp.annotation.x-opt-offset > '@latest'")
        #expect(HubEventFilter(parsing: "amqp.annotation.x-opt-sequence-number > '@latest'") == nil)
    }

    @Test func admitsOnlyEventsAfterThePositionOnItsOwnField() {
        let time = HubEventFilter(afterMilliseconds: 1000)
        #expect(!time.admits(sequenceNumber: 5000, offset: 5000, enqueuedMilliseconds: 1000))
        #expect(time.admits(sequenceNumber: 0, offset: 0, enqueuedMilliseconds: 1001))
        #expect(HubEventFilter(afterMilliseconds: 1000, inclusive: true).admits(sequenceNumber: 0, offset: 0, enqueuedMilliseconds: 1000))
        let sequence = HubEventFilter(afterSequenceNumber: 7)
        #expect(!sequence.admits(sequenceNumber: 7, offset: 9999, enqueuedMilliseconds: 9999))
        #expect(sequence.admits(sequenceNumber: 8, offset: 0, enqueuedMilliseconds: 0))
        let start = HubEventFilter(field: .offset, position: -1)
        #expect(start.admits(sequenceNumber: 0, offset: 0, enqueuedMilliseconds: 0), "offset -1 is the stream's start")
        #expect(!HubEventFilter(field: .offset, position: 1024).admits(sequenceNumber: 9, offset: 1024, enqueuedMilliseconds: 9))
        #expect(!HubEventFilter(field: .offset, position: nil).admits(sequenceNumber: 9, offset: 9, enqueuedMilliseconds: 9),
                "@latest admits nothing already enqueued")
    }

    /// A reconnect must not skip events enqueued in the same millisecond as the last one read: it resumes
    /// after the sequence number, and falls back to the time only when IoT Hub sent no sequence number.
    @Test func resumesAfterTheSequenceNumberElseTheEnqueuedTime() {
        let both = HubEventMessage(partition: "1", annotations: ["x-opt-sequence-number": .integer(41),
                                                                 "x-opt-enqueued-time": .timestamp(1_700_000_000_123)], body: Data())
        #expect(HubEventFilter.resuming(after: both) == HubEventFilter(afterSequenceNumber: 41))
        let timeOnly = HubEventMessage(partition: "1", annotations: ["x-opt-enqueued-time": .timestamp(1_700_000_000_123)], body: Data())
        #expect(HubEventFilter.resuming(after: timeOnly) == HubEventFilter(afterMilliseconds: 1_700_000_000_123))
        #expect(HubEventFilter.resuming(after: HubEventMessage(partition: "1", annotations: [:], body: Data())) == nil)
    }
}

struct EventHubTargetTests {
    /// The redirect from a real uamqp trace (https://github.com/Azure/iothub-explorer/issues/57).
    @Test func readsTheRealRedirect() {
        let target = EventHubTarget(redirectHostname: "iothub-ns-smartiot-1382746-675594b872.servicebus.windows.net",
                                    networkHost: "iothub-ns-smartiot-1382746-675594b872.servicebus.windows.net", port: 5671,
                                    address: "amqps://iothub-ns-smartiot-1382746-675594b872.servicebus.windows.net:5671/smartiot/$management")
        #expect(target == EventHubTarget(host: "iothub-ns-smartiot-1382746-675594b872.servicebus.windows.net", port: 5671, entityPath: "smartiot"))
        #expect(target?.audience == "sb://iothub-ns-smartiot-1382746-675594b872.servicebus.windows.net/smartiot")
        // A real CLI ATTACH (https://github.com/Azure/azure-iot-cli-extension/issues/55) has this shape.
        #expect(target?.partitionAddress(consumerGroup: "$Default", partition: "2")
                == "amqps://iothub-ns-smartiot-1382746-675594b872.servicebus.windows.net/smartiot/ConsumerGroups/$Default/Partitions/2")
        #expect(EventHubTarget(redirectHostname: nil, networkHost: nil, port: 5671, address: "amqps://x/y/$management") == nil)
        #expect(EventHubTarget(redirectHostname: "x", networkHost: nil, port: nil, address: "amqps://x:5671") == nil)
    }

    @Test func namesThePLAINUserAsTheCLIDoes() throws {
        #expect(EventHubTarget.plainUser(policyName: "iothubowner", hub: try IoTHubHost(parsing: "myhub.azure-devices.net")) == "iothubowner@sas.root.myhub")
    }
}

struct HubEventsFailureTests {
    @Test func protonConditionsBecomeDistinctVerdicts() {
        func kind(_ name: String, _ description: String) -> String {
            HubEventsFailure.classify(condition: name, description: description, host: "h", port: 5671, step: "s").kind
        }
        #expect(kind("amqp:unauthorized-access", "Authentication failed [mech=PLAIN]") == "unauthorized")
        #expect(kind("proton:io", "Name or service not known - on connect to nohub.azure-devices.net:5671") == "name-not-resolved")
        #expect(kind("proton:io", "Connection refused - on connect to 127.0.0.1:5671") == "port-blocked")
        #expect(kind("amqp:connection:framing-error", "SSL Failure: error:0A000086:SSL routines::certificate verify failed") == "tls-failed")
        #expect(kind("amqp:link:stolen", "epoch receiver") == "closed")
    }

    @Test func onlyTransientFailuresAreRetried() {
        #expect(!HubEventsFailure.unauthorized(step: "s", detail: "d").isWorthRetrying)
        #expect(HubEventsFailure.portBlocked(host: "h", port: 5671, detail: "d").isWorthRetrying)
        #expect(HubEventsFailure.portBlocked(host: "h", port: 5671, detail: "d").description.contains("443"))
    }
}

struct HubEventDecodingTests {
    static func message(device: String?, module: String? = nil, body: String, enqueuedMilliseconds: Int64 = 1_700_000_000_850) -> HubEventMessage {
        var annotations: [String: HubEventMessage.Annotation] = ["x-opt-enqueued-time": .timestamp(enqueuedMilliseconds)]
        if let device { annotations["iothub-connection-device-id"] = .text(device) }
        if let module { annotations["iothub-connection-module-id"] = .text(module) }
        return HubEventMessage(partition: "1", annotations: annotations, body: Data(body.utf8))
    }

    @Test func kepwaresTemplateBecomesRowsWithLatency() throws {
        let body = #"{"timestamp":1700000000000,"values":[{"id":"Channel1.Device1.Tag1","v":42,"q":true,"t":1700000000000}]}"#
        let event = try #require(HubEventDecoding.event(Self.message(device: "kepware-01", body: body), device: "kepware-01", receivedAt: Date()))
        #expect(event.source == .iotHub)
        #expect(event.deviceID == "kepware-01")
        #expect(event.rows?.map(\.tag) == ["Channel1.Device1.Tag1"])
        #expect(event.text.contains("850 ms end to end"))
        #expect(event.time == Date(timeIntervalSince1970: 1_700_000_000.850))
    }

    @Test func otherDevicesAndModulesAreLeftOut() {
        #expect(HubEventDecoding.event(Self.message(device: "someone-else", body: "{}"), device: "kepware-01", receivedAt: Date()) == nil)
        #expect(HubEventDecoding.event(Self.message(device: "kepware-01", module: "m", body: "{}"), device: "kepware-01", receivedAt: Date()) == nil)
        #expect(HubEventDecoding.event(Self.message(device: nil, body: "{}"), device: "kepware-01", receivedAt: Date()) == nil)
    }

    @Test func otherPayloadsAreShownRawWithoutControlCharacters() throws {
        let event = try #require(HubEventDecoding.event(Self.message(device: "kepware-01", body: "temp=21\u{1B}[2J"), device: "kepware-01", receivedAt: Date()))
        #expect(event.rows == nil)
        #expect(!event.text.unicodeScalars.contains { $0.value == 0x1B })
        #expect(event.text.contains("temp=21"))
    }

    @Test func clockSkewCountsAsNoLatency() {
        #expect(HubEventDecoding.latency(from: Date(timeIntervalSince1970: 10), to: Date(timeIntervalSince1970: 9)) == "0 ms")
        #expect(HubEventDecoding.latency(from: Date(timeIntervalSince1970: 10), to: Date(timeIntervalSince1970: 12.34)) == "2.3 s")
        #expect(HubEventDecoding.latency(from: nil, to: Date()) == nil)
    }
}
