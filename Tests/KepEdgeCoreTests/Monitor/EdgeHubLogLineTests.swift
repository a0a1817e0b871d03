import Foundation
import KepEdgeCore
import Testing

/// edgeHub lines as azure.md §6 records them (real sequences from Azure/iotedge issues, templates from source).
@Suite("edgeHub log lines")
struct EdgeHubLogLineTests {
    static let prefix = "<6> 2024-11-19 13:57:17.901 +00:00 [INF] - "

    @Test("the full format: severity, time with offset, level tag and message")
    func fullFormat() throws {
        let line = EdgeHubLogLine(parsing: "<6> 2024-11-19 13:57:17.901 +00:00 [INF] - New device connection for device kepware-01")
        #expect(line.severity == 6)
        #expect(line.levelTag == "INF")
        #expect(line.level == .info)
        #expect(line.message == "New device connection for device kepware-01")
        #expect(line.classification == .newDeviceConnection)
        let time = try #require(line.time)
        #expect(abs(time.timeIntervalSince1970 - 1_732_024_637.901) < 0.001)
    }

    @Test("a non-UTC offset and no <n> prefix; warning and error tags")
    func offsetsAndLevels() throws {
        let line = EdgeHubLogLine(parsing: "2024-11-19 14:57:17.000 +01:00 [WRN] - Received null device scope result for mydevice")
        #expect(line.severity == nil)
        #expect(line.level == .warning)
        #expect(line.classification == .noDeviceScope)
        #expect(abs((try #require(line.time)).timeIntervalSince1970 - 1_732_024_637) < 0.001)
        #expect(EdgeHubLogLine(parsing: "<3> 2024-11-19 13:57:17.901 +00:00 [ERR] - x").level == .error)
    }

    @Test("debug level's [SourceContext] is skipped")
    func sourceContext() {
        let line = EdgeHubLogLine(parsing: "<7> 2024-11-19 13:57:17.901 +00:00 [DBG] [Microsoft.Azure.Devices.Edge.Hub.Core.ConnectionManager] - New device connection for device d1")
        #expect(line.message == "New device connection for device d1")
        #expect(line.classification == .newDeviceConnection)
    }

    @Test("every known line is classified", arguments: [
        ("Client kepware-01 in device scope authenticated locally.", LogClassification.authenticatedLocally),
        ("Client kepware-01 in device scope not authenticated locally.", .notAuthenticatedLocally),
        ("Successfully generated identity for clientId kepware-01 and username myhub.azure-devices.net/kepware-01/?api-version=2020-09-30&DeviceClientType=x", .identityGenerated),
        ("Unable to generate identity for clientId kepware-01 and username myhub.azure-devices.net/kepware-01/?api-version=2021-04-12", .identityNotGenerated),
        ("ClientAuthenticated, kepware-01, 8f2c", .clientAuthenticated),
        ("New device connection for device kepware-01", .newDeviceConnection),
        ("Error creating client identity", .clientIdentityError),
        ("Username myhub.azure-devices.net/kepware-01 does not contain a valid Api-version property", .noAPIVersion),
        ("Username myhub does not contain valid values", .invalidUsername),
        ("Username myhub//?api-version=1 does not contain a valid device ID", .invalidUsername),
        ("Cannot create identity for kepware-01 because neither token nor certificate was presented", .noCredentials),
        ("Unable to authenticate client kepware-01 with cached service identity kepware-01 (Found: False). Resyncing service identity...", .notInScopeCache),
        ("Credentials for client kepware-01 are not valid.", .credentialsNotValid),
        ("Error authenticating token for kepware-01 because the audience hostname otherhub.azure-devices.net does not match IoTHub hostname myhub.azure-devices.net or the EdgeHub hostname gw.", .audienceMismatch),
        ("Error authenticating token for kepware-01 because the audience myhub is invalid.", .audienceInvalid),
        ("Error authenticating token for kepware-01 because the deviceId other in the identity does not match the audienceId kepware-01.", .audienceDeviceMismatch),
        ("Error authenticating token for kepware-01 because the token did not match the primary or the secondary key. Error - x", .signatureMismatch),
        ("Error authenticating token for kepware-01 because the service identity is not enabled", .notEnabled),
        ("Error authenticating token for kepware-01 because the token has expired.", .tokenExpired),
        ("Error authenticating token for kepware-01 because the token is expired or could not be parsed", .tokenExpired),
        ("Reauthenticating client kepware-01 failed, removing client connection", .reauthenticationFailed),
        ("Unable to re-authenticate kepware-01, dropping client connection.", .reauthenticationFailed),
        ("Service identity for kepware-01 was removed from device scope, dropping client connection.", .removedFromScope),
        ("Created cloud connection for client kepware-01", .cloudConnected),
        ("New cloud connection created for device kepware-01", .cloudConnected),
        ("Cloud connection for kepware-01 is True", .cloudConnected),
        ("Error creating cloud connection for client kepware-01", .cloudConnectionFailed),
    ])
    func known(message: String, expected: LogClassification) {
        let line = EdgeHubLogLine(parsing: Self.prefix + message)
        #expect(line.classification == expected)
        #expect(line.message == message)
        #expect(!expected.meaning.isEmpty)
    }

    @Test("lines that only look similar are not classified")
    func lookalikes() {
        #expect(EdgeHubLogLine(parsing: Self.prefix + "Starting timer to authenticate connections with a period of 300 seconds").classification == nil)
        #expect(EdgeHubLogLine(parsing: Self.prefix + "The value is invalid").classification == nil)
        #expect(EdgeHubLogLine(parsing: Self.prefix + "Everything is True").classification == nil)
    }

    @Test("malformed lines are kept whole, unclassified, and never trap", arguments: [
        "", "<", "<6>", "<x> 2024", "<6> 2024-13-45 99:99:99.999 +00:00 [INF] - bad clock",
        "2024-11-19 13:57:17.901 +0000 [INF] - offset without colon", "[INF] - no time",
        "2024-11-19 13:57:17.901 +00:00 [INFO] - four letters", "\u{0}\u{1}\u{7f}", "<99999999999999999999> x",
        "   at Microsoft.Azure.Devices.Edge.Hub.Mqtt.DeviceIdentityProvider.GetAsync()",
        String(repeating: "é", count: 10_000),
    ])
    func malformed(text: String) {
        let line = EdgeHubLogLine(parsing: text)
        #expect(line.levelTag == nil || text.contains("[INF]"))
        #expect(line.time == nil)
        #expect(line.classification == nil)
        #expect(line.level == .info || line.severity != nil)
    }

    @Test("a known failure logged at INF reaches the pane as a warning; routine lines keep their level")
    func failuresAreRaisedToWarnings() {
        let refused = EdgeHubLogLine(parsing: Self.prefix + "Client kepware-01 in device scope not authenticated locally.")
        #expect(refused.level == .info)  // as edgeHub logged it
        #expect(refused.monitorEvent(receivedAt: Date()).level == .warning)
        let accepted = EdgeHubLogLine(parsing: Self.prefix + "Client kepware-01 in device scope authenticated locally.")
        #expect(accepted.monitorEvent(receivedAt: Date()).level == .info)
        let error = EdgeHubLogLine(parsing: "<3> 2024-11-19 13:57:17.903 +00:00 [ERR] - Unable to generate identity for clientId kepware-01 and username h/kepware-01/?api-version=1")
        #expect(error.monitorEvent(receivedAt: Date()).level == .error)  // never lowered
    }

    @Test("a device filter keeps lines naming the device as a whole word, and the nameless CONNECT error")
    func deviceFilter() {
        let mine = EdgeHubLogLine(parsing: Self.prefix + "Unable to generate identity for clientId kepware-01 and username h/kepware-01/?api-version=1")
        let prefixOnly = EdgeHubLogLine(parsing: Self.prefix + "New device connection for device kepware-010")
        let other = EdgeHubLogLine(parsing: Self.prefix + "Client plc-2 in device scope authenticated locally.")
        let sentenceEnd = EdgeHubLogLine(parsing: Self.prefix + "Client kepware-01 in device scope not authenticated locally.")
        let nameless = EdgeHubLogLine(parsing: "<3> 2024-11-19 13:57:17.901 +00:00 [ERR] - Error creating client identity")
        #expect(mine.concerns(device: "kepware-01"))
        #expect(sentenceEnd.concerns(device: "kepware-01"))
        #expect(!prefixOnly.concerns(device: "kepware-01"))
        #expect(!other.concerns(device: "kepware-01"))
        #expect(nameless.concerns(device: "kepware-01"))
        let event = mine.monitorEvent(receivedAt: Date(), deviceID: "kepware-01")
        #expect(event.source == .edgeHub && event.deviceID == "kepware-01" && event.classification == .identityNotGenerated)
    }
}

@Suite("mosquitto log lines")
struct MosquittoLogLineTests {
    @Test("a client connecting: time, id, classification")
    func connected() throws {
        let line = MosquittoLogLine(parsing: "1795744348: New client connected from 127.0.0.1:50000 as kepware-01 (p2, c1, k60, u'myhub.azure-devices.net/kepware-01/?api-version=2021-04-12').")
        #expect(line.time == Date(timeIntervalSince1970: 1_795_744_348))
        #expect(line.clientID == "kepware-01")
        #expect(line.classification == .brokerClientConnected)
        #expect(line.level == .info)
    }

    @Test("refusals, disconnects, lost connections, TLS errors, publishes", arguments: [
        ("1795744348: Client kepware-01 disconnected, not authorised.", LogClassification?.some(.brokerClientRefused), "kepware-01" as String?),
        ("1795744348: Client kepware-01 disconnected.", .brokerClientDisconnected, "kepware-01"),
        ("1795744348: Client kepware-01 closed its connection.", .brokerClientDisconnected, "kepware-01"),
        ("1795744348: Client kepware-01 has exceeded timeout, disconnecting.", .brokerConnectionLost, "kepware-01"),
        ("1795744348: Socket error on client kepware-01, disconnecting.", .brokerConnectionLost, "kepware-01"),
        ("1795744348: OpenSSL Error[0]: error:0A000418:SSL routines::tlsv1 alert unknown ca", .brokerTLSError, nil),
        ("1795744348: Received PUBLISH from kepware-01 (d0, q1, r0, m1, 'devices/kepware-01/messages/events/', ... (80 bytes))", .brokerPublishReceived, "kepware-01"),
        ("1795744348: Client <unknown> disconnected due to protocol error.", .brokerConnectionLost, nil),
        // The lab's auth plugin words its lines as edgeHub does.
        ("1795744348: Client kepware-01 in device scope not authenticated locally.", .notAuthenticatedLocally, "kepware-01"),
        ("1795744348: Error authenticating token for kepware-01 because the token has expired.", .tokenExpired, nil),
        ("mosquitto version 2.0.11 running", nil, nil),
        ("", nil, nil),
        ("12:34", nil, nil),
    ])
    func kinds(text: String, expected: LogClassification?, client: String?) {
        let line = MosquittoLogLine(parsing: text)
        #expect(line.classification == expected)
        #expect(line.clientID == client)
    }

    @Test("an edgeHub-worded refusal in the lab broker's log reaches the pane as a warning, like edgeHub's own")
    func pluginRefusalIsAWarning() {
        let line = MosquittoLogLine(parsing: "1795744348: Client kepware-01 in device scope not authenticated locally.")
        #expect(line.level == .info)
        #expect(line.monitorEvent(receivedAt: Date()).level == .warning)
    }
}

/// Every line of the public corpus (EdgeHubLogCorpus.swift) is classified as its source means it, and every
/// classified line has a meaning; every failure has a fix, and "Found: True" never advises the parent.
@Suite("edgeHub log corpus")
struct EdgeHubLogCorpusTests {
    @Test("each real line gets its classification, meaning and fix", arguments: EdgeHubLogCorpus.samples)
    func classifies(sample: EdgeHubLogSample) {
        let line = EdgeHubLogLine(parsing: sample.line)
        #expect(line.classification == sample.expected, "\(sample.source)")
        guard let classification = line.classification else { return }
        #expect(!classification.meaning.isEmpty)
        if classification.isFailure { #expect(classification.fix != nil, "a failure needs a fix: \(classification)") }
    }

    @Test("Found: True blames the credentials, not the parent; reauthenticated locally is healthy")
    func foundTrueAndReauthentication() throws {
        let found = EdgeHubLogLine(parsing: "Unable to authenticate client k with cached service identity k (Found: True). Resyncing service identity...")
        let fix = try #require(found.classification?.fix)
        #expect(!fix.contains("parent set"))
        #expect(fix.contains("kepedge sas"))
        let healthy = try #require(EdgeHubLogLine(parsing: "Client k in device scope reauthenticated locally.").classification)
        #expect(!healthy.isFailure)
        #expect(healthy.fix == nil)
    }
}
