import Foundation
import KepEdgeCore
import KepEdgeTestSupport
import Testing

/// The lab broker's plugin must accept and refuse exactly what edgeHub does, with edgeHub's log lines:
/// each test connects the real mosquitto_pub to a real mosquitto running the plugin.
@Suite("lab broker authentication plugin", .serialized)
struct BrokerAuthPluginTests {
    typealias Lab = BrokerAuthLab
    let leaf = Lab.Device(id: "leaf-01")

    /// Runs `body` against a fresh broker whose devices file holds `lines`.
    private func withLab(_ lines: [String], options: [String: String] = [:], _ body: (Lab) async throws -> Void) async throws {
        let lab = try await Lab(deviceLines: lines, extraOptions: options)
        defer { lab.shutDown() }
        try await body(lab)
    }

    private static let notAuthenticatedLocally = "Client leaf-01 in device scope not authenticated locally."
    private static let refusedIdentity = "Unable to generate identity for clientId leaf-01 and username \(Lab.username("leaf-01"))"

    /// Connects as leaf-01 with its usual username and `token` as the password.
    private func connectLeaf(_ lab: Lab, _ token: SASToken) async throws -> Lab.Outcome {
        try await lab.publish(clientID: "leaf-01", username: Lab.username("leaf-01"), password: token.value.revealed)
    }

    /// Connects as leaf-01 with `token` and expects CONNACK 5, each of `lines` in the broker log, and edgeHub's
    /// closing pair for a scope refusal: not authenticated locally, unable to generate identity.
    private func expectLeafRefusedInScope(_ lab: Lab, _ token: SASToken, logging lines: [String],
                                          sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let outcome = try await connectLeaf(lab, token)
        let log = await lab.log(containing: Self.refusedIdentity)
        expectRefused(outcome, log, sourceLocation: sourceLocation)
        for line in lines + [Self.notAuthenticatedLocally, Self.refusedIdentity] {
            #expect(log.contains(line), "missing from the broker log: \(line)", sourceLocation: sourceLocation)
        }
    }

    /// Asserts CONNACK 5 both as mosquitto_pub saw it and as the broker sent it.
    private func expectRefused(_ outcome: Lab.Outcome, _ log: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.refusedNotAuthorised, "mosquitto_pub: \(outcome.output)", sourceLocation: sourceLocation)
        #expect(log.contains("Sending CONNACK to 127.0.0.1 (0, 5)"), sourceLocation: sourceLocation)
        #expect(!log.contains("Successfully generated identity"), sourceLocation: sourceLocation)
    }

    private func expectAccepted(_ outcome: Lab.Outcome, _ log: String, clientID: String = "leaf-01",
                                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.accepted, "mosquitto_pub: \(outcome.output)", sourceLocation: sourceLocation)
        #expect(log.contains("Client \(clientID) in device scope authenticated locally."), sourceLocation: sourceLocation)
        #expect(log.contains("Successfully generated identity for clientId \(clientID) and username \(Lab.username(clientID))"),
                sourceLocation: sourceLocation)
        #expect(log.contains("Sending CONNACK to \(clientID) (0, 0)"), sourceLocation: sourceLocation)
        #expect(log.contains("Received PUBLISH from \(clientID)"), sourceLocation: sourceLocation)
    }

    @Test("a token signed with the primary key is accepted, and neither token nor key reaches the log")
    func primaryKeyAccepted() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            let outcome = try await connectLeaf(lab, token)
            let log = await lab.log(containing: "Received PUBLISH")
            expectAccepted(outcome, log)
            #expect(!log.contains(token.value.revealed))
            #expect(!log.contains("sig="))
            #expect(!log.contains(leaf.primaryKey.base64.revealed))
            #expect(!log.contains(leaf.secondaryKey.base64.revealed))
        }
    }

    @Test("a token signed with the secondary key is accepted")
    func secondaryKeyAccepted() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.secondaryKey)
            let outcome = try await connectLeaf(lab, token)
            expectAccepted(outcome, await lab.log(containing: "Received PUBLISH"))
        }
    }

    @Test("a token signed with another key is refused with edgeHub's key-mismatch line")
    func wrongKeyRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: Lab.randomKey())
            try await expectLeafRefusedInScope(lab, token, logging: [
                "Error authenticating token for leaf-01 because the token did not match the primary or the secondary key. Error - The specified SAS token has an invalid signature. It does not match either the primary or secondary key.",
                "Unable to authenticate client leaf-01 with cached service identity leaf-01 (Found: True). Resyncing service identity...",
            ])
        }
    }

    @Test("a token expired beyond the 5-minute skew is refused by edgeHub's parser")
    func expiredBeyondSkewRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey, expiresIn: -(5 * 60 + 60))
            try await expectLeafRefusedInScope(lab, token, logging: [
                "Error authenticating token for leaf-01 because the token is expired or could not be parsed",
                "Credentials for client leaf-01 are not valid.",
            ])
        }
    }

    @Test("a token expired less than 5 minutes ago is still accepted (clock skew)")
    func expiredWithinSkewAccepted() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey, expiresIn: -(5 * 60 - 60))
            let outcome = try await connectLeaf(lab, token)
            expectAccepted(outcome, await lab.log(containing: "Received PUBLISH"))
        }
    }

    @Test("a token whose audience is the gateway hostname is accepted")
    func gatewayAudienceAccepted() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(audienceHost: Lab.edgeHostName, device: "leaf-01", key: leaf.primaryKey)
            let outcome = try await connectLeaf(lab, token)
            expectAccepted(outcome, await lab.log(containing: "Received PUBLISH"))
        }
    }

    @Test("a token for another hub is refused with edgeHub's audience-hostname line")
    func otherHubAudienceRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(audienceHost: "other-hub.azure-devices.net", device: "leaf-01", key: leaf.primaryKey)
            try await expectLeafRefusedInScope(lab, token, logging: [
                "Error authenticating token for leaf-01 because the audience hostname other-hub.azure-devices.net does not match IoTHub hostname lab-hub.azure-devices.net or the EdgeHub hostname lab-gateway.",
            ])
        }
    }

    /// Issue 13 §1: 1.1's DeviceScopeTokenAuthenticator compares the audience host with its hub name case-sensitively;
    /// 1.2+ ignore case (Azure/iotedge PR #3817, #3824). The username keeps the configured spelling in both.
    @Test("IoT Edge 1.1 refuses a token whose hub differs from the configured one only in case; 1.5 (the default) accepts it")
    func hubCaseByEdgeVersion() async throws {
        let token = Lab.token(audienceHost: Lab.hubHostName.uppercased(), device: "leaf-01", key: leaf.primaryKey)
        try await withLab([leaf.line], options: ["edge_version": "1.1"]) { lab in
            try await expectLeafRefusedInScope(lab, token, logging: [
                "Error authenticating token for leaf-01 because the audience hostname LAB-HUB.AZURE-DEVICES.NET does not match IoTHub hostname lab-hub.azure-devices.net or the EdgeHub hostname lab-gateway.",
            ])
            #expect(lab.broker.log.contains("authenticating like IoT Edge 1.1's edgeHub"))
        }
        try await withLab([leaf.line]) { lab in
            let outcome = try await connectLeaf(lab, token)
            expectAccepted(outcome, await lab.log(containing: "Received PUBLISH"))
            #expect(lab.broker.log.contains("authenticating like IoT Edge 1.5's edgeHub"))
        }
    }

    @Test("a token for another device, signed with this device's key, is refused with the audienceId line")
    func otherDeviceAudienceRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-02", key: leaf.primaryKey)
            try await expectLeafRefusedInScope(lab, token, logging: [
                "Error authenticating token for leaf-01 because the deviceId leaf-01 in the identity does not match the audienceId leaf-02.",
            ])
        }
    }

    @Test("a client id that is not the username's device id is refused before the token is read")
    func clientIDMismatchRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            let outcome = try await lab.publish(clientID: "kepware-01", username: Lab.username("leaf-01"), password: token.value.revealed)
            let line = "Unable to generate identity for clientId kepware-01 and username \(Lab.username("leaf-01"))"
            let log = await lab.log(containing: line)
            expectRefused(outcome, log)
            #expect(log.contains(line))
            #expect(!log.contains("in device scope"))
        }
    }

    @Test("a username without api-version is refused (CONNACK 5 here, 3 at edgeHub) with edgeHub's parser line")
    func missingAPIVersionRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            let username = "\(Lab.hubHostName)/leaf-01/?DeviceClientType=kepedge-tests"
            let outcome = try await lab.publish(clientID: "leaf-01", username: username, password: token.value.revealed)
            let log = await lab.log(containing: "Sending CONNACK")
            expectRefused(outcome, log)
            #expect(log.contains("Error creating client identity"))
            #expect(log.contains("Username \(username) does not contain a valid Api-version property"))
            #expect(log.contains("edgeHub answers this CONNECT with CONNACK 3 (server unavailable)"))
        }
    }

    @Test("a username without '/?' before the properties does not contain valid values")
    func unparsableUsernameRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            let username = "\(Lab.hubHostName)/leaf-01?api-version=2018-06-30"
            let outcome = try await lab.publish(clientID: "leaf-01", username: username, password: token.value.revealed)
            let log = await lab.log(containing: "Sending CONNACK")
            expectRefused(outcome, log)
            #expect(log.contains("Username \(username) does not contain valid values"))
        }
    }

    @Test("a CONNECT without a password is refused: neither token nor certificate")
    func missingPasswordRefused() async throws {
        try await withLab([leaf.line]) { lab in
            let outcome = try await lab.publish(clientID: "leaf-01", username: Lab.username("leaf-01"), password: nil)
            let log = await lab.log(containing: "Sending CONNACK")
            expectRefused(outcome, log)
            #expect(log.contains("Cannot create identity for leaf-01 because neither token nor certificate was presented"))
            #expect(!log.contains("Unable to generate identity"))
        }
    }

    @Test("an unknown device is not authenticated locally")
    func unknownDeviceRefused() async throws {
        try await withLab([Lab.Device(id: "someone-else").line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            try await expectLeafRefusedInScope(lab, token, logging: [
                "Unable to authenticate client leaf-01 with cached service identity leaf-01 (Found: False). Resyncing service identity...",
            ])
        }
    }

    @Test("a device without this gateway as parent (no deviceScope, or another one) is not authenticated locally")
    func deviceOutOfScopeRefused() async throws {
        var orphan = leaf
        orphan.deviceScope = nil
        var otherParent = Lab.Device(id: "leaf-02")
        otherParent.deviceScope = "ms-azure-iot-edge://other-edge-1234"
        try await withLab([orphan.line, otherParent.line]) { lab in
            for (device, key) in [("leaf-01", orphan.primaryKey), ("leaf-02", otherParent.primaryKey)] {
                let token = Lab.token(device: device, key: key)
                let outcome = try await lab.publish(clientID: device, username: Lab.username(device), password: token.value.revealed)
                let line = "Unable to generate identity for clientId \(device) and username \(Lab.username(device))"
                let log = await lab.log(containing: line)
                #expect(outcome.refusedNotAuthorised, "mosquitto_pub: \(outcome.output)")
                #expect(log.contains("with cached service identity \(device) (Found: False)"))
                // Today's wording (Azure/iotedge PR #1661), not 2018's "Received null device scope result".
                #expect(log.contains("Device scope not found for \(device). Parent-child relationship is not set."))
                #expect(log.contains("Client \(device) in device scope not authenticated locally."))
                #expect(log.contains(line))
            }
        }
    }

    @Test("a disabled device is refused with edgeHub's not-enabled line")
    func disabledDeviceRefused() async throws {
        var disabled = leaf
        disabled.enabled = false
        try await withLab([disabled.line]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            try await expectLeafRefusedInScope(lab, token, logging: [
                "Error authenticating token for leaf-01 because the service identity is not enabled",
            ])
        }
    }

    @Test("a device added to the devices file while the broker runs is accepted at once, without a restart")
    func deviceAddedWhileRunningAccepted() async throws {
        try await withLab([]) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            let before = try await connectLeaf(lab, token)
            #expect(before.refusedNotAuthorised, "mosquitto_pub: \(before.output)")

            try lab.writeDevices([leaf.line])
            let after = try await connectLeaf(lab, token)
            expectAccepted(after, await lab.log(containing: "Received PUBLISH"))
            #expect(lab.broker.log.contains("read: 1 device(s)."))
        }
    }

    @Test("a malformed devices-file line is skipped with a warning naming its line, the others still load")
    func malformedLineSkipped() async throws {
        // Line 1 is the file's comment; line 2 is malformed; line 3 has a key that is not base64; line 4 is good.
        let lines = ["leaf-bad only-three-fields true", "leaf-03 not*base64 - - true", leaf.line]
        try await withLab(lines) { lab in
            let token = Lab.token(device: "leaf-01", key: leaf.primaryKey)
            let outcome = try await connectLeaf(lab, token)
            let log = await lab.log(containing: "Received PUBLISH")
            expectAccepted(outcome, log)
            #expect(log.contains("devices file \(lab.devicesFile) line 2 skipped: expected 5 fields"))
            #expect(log.contains("devices file \(lab.devicesFile) line 3 skipped: the primary key is not base64."))
            #expect(!log.contains("not*base64"))
        }
    }

    @Test("a missing plugin option stops the broker with a line naming the option")
    func missingOptionStopsBroker() async throws {
        do {
            let lab = try await Lab(deviceLines: [], omittingOption: "edge_device_scope")
            lab.shutDown()
            Issue.record("the broker started without plugin_opt_edge_device_scope")
        } catch {
            #expect("\(error)".contains("plugin_opt_edge_device_scope is missing from the broker configuration"))
        }
    }
}
