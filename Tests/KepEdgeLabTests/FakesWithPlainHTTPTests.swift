import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeTestSupport
import Testing

/// The lab's fakes implement their contracts whole (issue 13 §5), checked with a plain HTTP client (curl), as an
/// engineer practising with their own tools would call them: kepware.md's Configuration API endpoints and status
/// codes, azure.md §7's registry operations.
@Suite(.serialized)
struct FakesWithPlainHTTPTests {
    struct Answer {
        let status: Int
        let body: String
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
    }

    /// `curl -s` with the status code on the last line.
    static func curl(_ method: String, _ url: String, _ extra: [String] = [], body: String? = nil) async throws -> Answer {
        var arguments = ["-s", "-X", method, "-w", "\n%{http_code}", "--max-time", "10"] + extra
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let result = try await BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/curl")).run(arguments + [url], timeout: .seconds(20))
        #expect(result.exitCode == 0, "curl: \(result.stderr)")
        var lines = result.stdout.components(separatedBy: "\n")
        let status = Int(lines.removeLast()) ?? -1
        return Answer(status: status, body: lines.joined(separator: "\n"))
    }

    // MARK: Kepware Configuration API

    @Test func kepwareItemsAndAgentsByNameWithTheirStatusCodes() async throws {
        let fake = try await FakeKepwareConfigAPI.start(users: ["Administrator": "pw"], runner: SilentRunner())
        defer { Task { await fake.stop() } }
        let base = "http://127.0.0.1:\(fake.port)/config/v1/project/_iot_gateway/mqtt_clients"
        let auth = ["-u", "Administrator:pw"]
        #expect(try await Self.curl("GET", base).status == 401)

        let agent = #"{"common.ALLTYPES_NAME":"line3","iot_gateway.AGENTTYPES_ENABLED":false}"#
        #expect(try await Self.curl("POST", base, auth, body: agent).status == 201)
        #expect(try await Self.curl("POST", base, auth, body: agent).status == 400)  // the name is taken

        // An item POSTed without a name gets the name Kepware derives: leading "_" dropped, "." → "_".
        let items = "\(base)/line3/iot_items"
        let added = try await Self.curl("POST", items, auth, body: #"[{"iot_gateway.IOT_ITEM_SERVER_TAG":"_System._TotalTagCount"}]"#)
        #expect(added.status == 207)
        #expect(added.json?.arrayValue?.first?[KepwarePropertyKey.name]?.stringValue == "System__TotalTagCount")

        let read = try await Self.curl("GET", "\(items)/System__TotalTagCount", auth)
        #expect(read.status == 200)
        #expect(read.json?[KepwarePropertyKey.itemServerTag]?.stringValue == "_System._TotalTagCount")
        let projectID = try #require(read.json?[KepwarePropertyKey.projectID])

        // PUT: the PROJECT_ID rule; a stale one is refused with a message.
        let stale = try await Self.curl("PUT", "\(items)/System__TotalTagCount", auth, body: #"{"PROJECT_ID":1,"iot_gateway.IOT_ITEM_ENABLED":false}"#)
        #expect(stale.status == 400)
        #expect(stale.json?["message"]?.stringValue?.contains("PROJECT_ID") == true)
        let idText = String(decoding: try JSONEncoder().encode(projectID), as: UTF8.self)
        let modified = try await Self.curl("PUT", "\(items)/System__TotalTagCount", auth, body: #"{"PROJECT_ID":\#(idText),"iot_gateway.IOT_ITEM_ENABLED":false}"#)
        #expect(modified.status == 200)
        #expect(try await Self.curl("GET", "\(items)/System__TotalTagCount", auth).json?["iot_gateway.IOT_ITEM_ENABLED"] == .bool(false))

        #expect(try await Self.curl("DELETE", "\(items)/System__TotalTagCount", auth).status == 200)
        #expect(try await Self.curl("GET", "\(items)/System__TotalTagCount", auth).status == 404)
        #expect(try await Self.curl("DELETE", "\(items)/System__TotalTagCount", auth).status == 404)

        // Agents: delete by name, then it is gone; POST of a list answers 207 per agent.
        #expect(try await Self.curl("DELETE", "\(base)/line3", auth).status == 200)
        #expect(try await Self.curl("GET", "\(base)/line3", auth).status == 404)
        let two = try await Self.curl("POST", base, auth, body: #"[{"common.ALLTYPES_NAME":"a1"},{"common.ALLTYPES_NAME":"_bad"}]"#)
        #expect(two.status == 207)
        #expect(two.json?.arrayValue?.map { $0["code"] } == [.int(201), .int(400)])
    }

    // MARK: IoT Hub registry

    @Test func registryDeleteTwinAndModuleList() async throws {
        let directory = try TemporaryDirectory()
        let key = try SharedAccessKey(base64: Data((0..<32).map { UInt8($0) }).base64EncodedString())
        let hubHost = "lab-hub.azure-devices.net"
        let hub = try await FakeIoTHub.start(hubHost: hubHost, policies: ["iothubowner": .init(key: key, registryWrite: true)], directory: directory.path)
        defer { Task { await hub.stop(); directory.remove() } }
        let edge = await hub.addEdgeDevice("gw01")
        _ = await hub.addDevice("kepware-01", scope: edge.deviceScope)
        let token = SASToken.generate(resourceURI: hubHost, key: key, expiry: Int(Date().timeIntervalSince1970) + 600, policyName: "iothubowner")
        let base = "https://\(hubHost):\(hub.port)"
        let common = ["--cacert", hub.caFile, "--resolve", "\(hubHost):\(hub.port):127.0.0.1", "-H", "Authorization: \(token.value.revealed)"]
        let api = "?api-version=2021-04-12"

        let twin = try await Self.curl("GET", "\(base)/twins/kepware-01\(api)", common)
        #expect(twin.status == 200)
        #expect(twin.json?["deviceId"]?.stringValue == "kepware-01")
        #expect(twin.json?["deviceScope"]?.stringValue == edge.deviceScope)
        #expect(twin.json?["properties"]?["reported"] != nil)

        let modules = try await Self.curl("GET", "\(base)/devices/gw01/modules\(api)", common)
        #expect(modules.status == 200)
        #expect(modules.json?.arrayValue?.compactMap { $0["moduleId"]?.stringValue } == ["$edgeAgent", "$edgeHub"])
        #expect(try await Self.curl("GET", "\(base)/devices/kepware-01/modules\(api)", common).json?.arrayValue?.isEmpty == true)

        #expect(try await Self.curl("DELETE", "\(base)/devices/kepware-01\(api)", common + ["-H", "If-Match: \"stale\""]).status == 412)
        #expect(try await Self.curl("DELETE", "\(base)/devices/kepware-01\(api)", common + ["-H", "If-Match: *"]).status == 204)
        let gone = try await Self.curl("GET", "\(base)/devices/kepware-01\(api)", common)
        #expect(gone.status == 404)
        #expect(gone.body.contains("DeviceNotFound"))
        #expect(try await Self.curl("GET", "\(base)/twins/kepware-01\(api)", common).status == 404)
    }
}

/// An agent runner that never connects anything (the API is what is under test).
private struct SilentRunner: KepwareAgentRunner {
    func agentChanged(name: String, properties: [String: JSONValue]) async -> KepwareAgentRunOutcome { .silent }
    func agentDisabled(name: String) async {}
}

private extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}
