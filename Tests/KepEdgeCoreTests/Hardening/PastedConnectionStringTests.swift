import Foundation
import KepEdgeCore
import Testing

/// Issue 17, item 11: a connection string pasted into the hub field (flag or wizard) is recognised,
/// its key never echoed in the error, and never written to the session file.
@Suite struct PastedConnectionStringTests {
    static let key = "c2VjcmV0LWRldmljZS1rZXktZm9yLXRlc3Rz"
    static let pasted = [
        "HostName=myhub.azure-devices.net;DeviceId=kepware-01;SharedAccessKey=\(key)",
        " hostname=myhub.azure-devices.net;sharedaccesskeyname=iothubowner;sharedaccesskey=\(key)\n",
    ]

    @Test("the hub field refuses it, naming it a connection string, with every value but HostName masked", arguments: pasted)
    func refusedAndMasked(text: String) {
        #expect(throws: IoTHubHostError.self) { try IoTHubHost(parsing: text) }
        do { _ = try IoTHubHost(parsing: text) } catch {
            #expect(!error.description.contains(Self.key))
            #expect(!error.description.contains("kepware-01"))
            #expect(error.description.contains("connection string"))
            #expect(error.description.lowercased().contains("hostname=myhub.azure-devices.net"))
        }
    }

    @Test("the session saved from a wizard whose hub field holds one keeps no part of it")
    func notSaved() throws {
        var state = Wizard.State(now: Date(timeIntervalSince1970: 1_795_744_348))
        state.device.hubText = Self.pasted[0]
        let session = WizardSession(state, savedAt: Date(timeIntervalSince1970: 1_795_744_348))
        #expect(session.hub == "")
        let saved = String(decoding: try SessionCodec.encode(session), as: UTF8.self)
        #expect(!saved.contains(Self.key))
    }

    @Test("ordinary hub names still parse", arguments: ["myhub", "myhub.azure-devices.net", "https://myhub.azure-devices.net/"])
    func ordinary(text: String) throws {
        #expect(try IoTHubHost(parsing: text).hostName == "myhub.azure-devices.net")
    }
}
