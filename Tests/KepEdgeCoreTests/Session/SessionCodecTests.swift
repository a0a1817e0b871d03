import Foundation
import KepEdgeCore
import Testing

@Suite("Session files: codec")
struct SessionCodecTests {
    let now = StepFixtures.now
    let path = "/home/op/.local/state/kepedge/session.json"

    /// Every saved field set to a value unlike its default, and every secret the wizard can hold.
    private func fullState() -> Wizard.State {
        var state = Wizard.State(now: now)
        WizardFixtures.run(&state,
            .names(.gatewayHostChanged("gw01.plant.local")),
            .names(.portChanged("8884")),
            .certificate(.caPathChanged("/etc/aziot/root.pem")),
            .certificate(.exportDirectoryChanged("/mnt/usb")),
            .device(.hubChanged(StepFixtures.hubName)),
            .device(.edgeDeviceIDChanged(StepFixtures.edgeDeviceName)),
            .device(.credentialPasted(Secret(StepFixtures.deviceConnectionString))),
            .device(.ownerConnectionStringChanged(Secret(StepFixtures.ownerConnectionString))),
            .sas(.lifetimeChanged("7d")),
            .sas(.generate(now: now)),
            .agent(.agentNameChanged("Press 7")),
            .agent(.apiVersionChanged("2020-09-30")),
            .agent(.qosChanged("0")),
            .agent(.kepwareURLChanged("http://10.0.0.5:57412")),
            .agent(.kepwareUserChanged("integrator")),
            .agent(.kepwarePasswordChanged(Secret("Kepware-Admin-Pa55"))),
            .agent(.kepwareFingerprintChanged("AB:CD:EF")),
            .agent(.itemsChanged("Channel1.Device1.Tag1, Channel1.Device1.Tag2")))
        state.current = .agent
        return state
    }

    private func encodedObject(_ session: WizardSession) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: SessionCodec.encode(session)) as? [String: Any])
    }

    private func decode(_ object: Any) throws(SessionError) -> WizardSession {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return try SessionCodec.decode(data, path: path)
    }

    @Test("every field survives encode and decode, and restores into the wizard")
    func roundTrip() throws {
        let session = WizardSession(fullState(), savedAt: now)
        #expect(session.format == "kepedge-session")
        #expect(session.version == 1)
        #expect(session.savedBy.hasPrefix("kepedge "))
        #expect(session.currentStep == .agent)
        #expect(session.gatewayHost == "gw01.plant.local")
        #expect(session.port == "8884")
        #expect(session.caPath == "/etc/aziot/root.pem")
        #expect(session.exportDirectory == "/mnt/usb")
        #expect(session.hub == StepFixtures.hubName)  // as typed: the pasted string fills only empty fields
        #expect(session.deviceID == StepFixtures.deviceName)
        #expect(session.edgeDeviceID == StepFixtures.edgeDeviceName)
        #expect(session.tokenLifetime == "7d")
        #expect(session.token == WizardSession.TokenRecord(
            hub: StepFixtures.hubHostName, deviceID: StepFixtures.deviceName,
            expiry: Date(timeIntervalSince1970: 1_790_000_000 + 7 * 86_400)))
        #expect(session.agentName == "Press 7")
        #expect(session.apiVersion == "2020-09-30")
        #expect(session.qos == "0")
        #expect(session.kepwareURL == "http://10.0.0.5:57412")
        #expect(session.kepwareUser == "integrator")
        #expect(session.kepwareFingerprint == "AB:CD:EF")
        #expect(session.items == "Channel1.Device1.Tag1, Channel1.Device1.Tag2")

        let decoded = try SessionCodec.decode(try SessionCodec.encode(session), path: path)
        #expect(decoded == session)

        // Restored, the wizard holds the same fields; saving it again writes the same session,
        // the token's facts included (the token itself is gone: it is a secret).
        let restored = decoded.restoredState(now: now)
        #expect(restored.sas.token == nil)
        #expect(restored.device.pastedCredential.isEmpty)
        #expect(restored.connection.tokenExpiry == session.token?.expiry)
        #expect(WizardSession(restored, savedAt: now) == session)
        #expect(restored.certificate.inputs == CertificateStep.Inputs(gatewayHost: "gw01.plant.local", port: 8884))
    }

    @Test("a restored token record is kept through other edits and replaced by a newly generated token")
    func previousTokenKept() throws {
        let session = WizardSession(fullState(), savedAt: now)
        var restored = session.restoredState(now: now)
        WizardFixtures.run(&restored, .sas(.lifetimeChanged("30d")), .names(.gatewayHostChanged("gw02")))
        #expect(restored.connection.tokenExpiry == session.token?.expiry)
        #expect(WizardSession(restored, savedAt: now).token == session.token)
        WizardFixtures.run(&restored, .device(.credentialPasted(Secret(StepFixtures.deviceConnectionString))), .sas(.generate(now: now)))
        #expect(WizardSession(restored, savedAt: now).token?.expiry == Date(timeIntervalSince1970: 1_790_000_000 + 30 * 86_400))
        #expect(restored.previousToken == nil)
    }

    @Test("no secret reaches the file: not the device key, the owner key, the Kepware password or the token")
    func noSecrets() throws {
        let state = fullState()
        let token = try #require(state.sas.token)
        let text = String(decoding: try SessionCodec.encode(WizardSession(state, savedAt: now)), as: UTF8.self)
        let signature = try #require(token.value.revealed.components(separatedBy: "sig=").last?.components(separatedBy: "&").first)
        for secret in [StepFixtures.deviceKeyText, StepFixtures.ownerKeyText, StepFixtures.ownerConnectionString,
                       StepFixtures.deviceConnectionString, "Kepware-Admin-Pa55", token.value.revealed, signature,
                       signature.removingPercentEncoding ?? signature, "SharedAccessSignature", "SharedAccessKey"] {
            #expect(!text.contains(secret), "the session file holds a secret")
        }
        #expect(text.contains("\"deviceID\" : \"iot-device-for-test\""))
    }

    @Test("a file from a newer kepedge is reported as such, with what to do")
    func newerVersion() throws {
        var object = try encodedObject(WizardSession(fullState(), savedAt: now))
        object["version"] = 2
        #expect(throws: SessionError.newerVersion(path: path, found: 2, supported: 1)) { try decode(object) }
        #expect(SessionError.newerVersion(path: path, found: 2, supported: 1).description
            == "session file /home/op/.local/state/kepedge/session.json was written by a newer kepedge (format 2; this one reads up to 1); upgrade kepedge or start fresh with --new-session")
    }

    @Test("not JSON, a JSON array and a foreign object are corrupt, each with its own reason")
    func notOurs() throws {
        #expect(throws: SessionError.corrupt(path: path, detail: "not JSON")) {
            try SessionCodec.decode(Data("format = kepedge-session\n".utf8), path: path)
        }
        #expect(throws: SessionError.corrupt(path: path, detail: "not JSON")) {
            try SessionCodec.decode(Data(), path: path)
        }
        #expect(throws: SessionError.corrupt(path: path, detail: "not a JSON object")) { try decode([1, 2]) }
        #expect(throws: SessionError.corrupt(path: path, detail: "no \"format\": \"kepedge-session\" field")) {
            try decode(["hostname": "gw01", "version": 1])
        }
        #expect(throws: SessionError.corrupt(path: path, detail: "no \"format\": \"kepedge-session\" field")) {
            try decode(["format": 7, "version": 1])
        }
        #expect(SessionError.corrupt(path: path, detail: "not JSON").description
            == "session file /home/op/.local/state/kepedge/session.json is not a usable kepedge session (not JSON); move it aside or start fresh with --new-session")
    }

    @Test("a missing field, a wrong type or an invalid value is corrupt and names the field")
    func badFields() throws {
        let session = WizardSession(fullState(), savedAt: now)
        var noVersion = try encodedObject(session)
        noVersion["version"] = nil
        #expect(throws: SessionError.corrupt(path: path, detail: "no version field")) { try decode(noVersion) }

        var textVersion = try encodedObject(session)
        textVersion["version"] = "1"
        #expect(throws: SessionError.corrupt(path: path, detail: "field \"version\" has the wrong type")) { try decode(textVersion) }

        var noHub = try encodedObject(session)
        noHub["hub"] = nil
        #expect(throws: SessionError.corrupt(path: path, detail: "field \"hub\" is missing")) { try decode(noHub) }

        var numericPort = try encodedObject(session)
        numericPort["port"] = 8883
        #expect(throws: SessionError.corrupt(path: path, detail: "field \"port\" has the wrong type")) { try decode(numericPort) }

        var badStep = try encodedObject(session)
        badStep["currentStep"] = 9
        #expect(throws: SessionError.corrupt(path: path, detail: "field \"currentStep\" holds an invalid value")) { try decode(badStep) }

        var badExpiry = try encodedObject(session)
        var token = try #require(badExpiry["token"] as? [String: Any])
        token["expiry"] = "next Tuesday"
        badExpiry["token"] = token
        #expect(throws: SessionError.corrupt(path: path, detail: "field \"token.expiry\" holds an invalid value")) { try decode(badExpiry) }

        var badSavedAt = try encodedObject(session)
        badSavedAt["savedAt"] = "yesterday"
        #expect(throws: SessionError.corrupt(path: path, detail: "field \"savedAt\" holds an invalid value")) { try decode(badSavedAt) }
    }

    @Test("a session without a token round-trips with none")
    func noToken() throws {
        let session = WizardSession(Wizard.State(now: now), savedAt: now)
        #expect(session.token == nil)
        #expect(try SessionCodec.decode(try SessionCodec.encode(session), path: path) == session)
    }
}
