import Foundation
import KepEdgeCore

/// A contract-exact fake of Kepware's Configuration API (`/config/v1`) on 127.0.0.1, HTTP or HTTPS:
/// Basic auth; `/about`; `/project` with a PROJECT_ID that changes on every write; the IoT Gateway type
/// definition; MQTT Client agents (POST 201, PUT 200 with the PROJECT_ID rule) and their IoT items
/// (POST a list: 207 with per-item results); an event log with `timestamp,event,source,message`.
public final class FakeKepwareConfigAPI: Sendable {
    public let port: Int
    /// Set for HTTPS: the self-signed instance certificate.
    public let certificates: LabCertificates?
    private let server: LabHTTPServer
    private let state: FakeKepwareState

    public static func start(users: [String: String], runner: any KepwareAgentRunner,
                             httpsIn directory: String? = nil, knownTags: Set<String>? = nil) async throws -> FakeKepwareConfigAPI {
        let certificates: LabCertificates?
        if let directory {
            certificates = try await LabCertificates.offCooperativePool { try LabCertificates.makeSelfSigned(in: directory, name: "kepware-instance") }
        } else {
            certificates = nil
        }
        let state = FakeKepwareState(users: users, runner: runner, knownTags: knownTags)
        let server = try await LabHTTPServer.start(tls: try certificates?.serverContext()) { request in
            await state.handle(request)
        }
        return FakeKepwareConfigAPI(port: server.port, certificates: certificates, server: server, state: state)
    }

    private init(port: Int, certificates: LabCertificates?, server: LabHTTPServer, state: FakeKepwareState) {
        self.port = port
        self.certificates = certificates
        self.server = server
        self.state = state
    }

    public func stop() async { await server.stop() }

    /// The agent's stored properties (the password as the fake keeps it, in clear, for tests).
    public func agent(_ name: String) async -> [String: JSONValue]? { await state.agents[name] }
    public func items(agent: String) async -> [String: JSONValue] { await state.items[agent] ?? [:] }
    public func projectID() async -> Int { await state.projectID }
    public func eventLog() async -> [KepwareEventLogEntry] { await state.log }
    public func appendLog(event: String, source: String = "KEPServerEX\\Runtime", message: String) async {
        await state.appendLog(event: event, source: source, message: message)
    }
    /// Every request: method, path and body, for tests.
    public func requests() async -> [(method: String, path: String, body: JSONValue?)] { await state.requestLog }
    /// Answer the next request with an HTML page instead of JSON.
    public func answerHTMLOnce() async { await state.setHTMLOnce() }
    public func setIoTGatewayInstalled(_ installed: Bool) async { await state.setIoTGateway(installed) }
}

actor FakeKepwareState {
    let users: [String: String]
    let runner: any KepwareAgentRunner
    let knownTags: Set<String>?
    var agents: [String: [String: JSONValue]] = [:]
    var items: [String: [String: JSONValue]] = [:]
    var projectID = Int.random(in: 1_000_000...9_999_999)
    var log: [KepwareEventLogEntry] = []
    var requestLog: [(method: String, path: String, body: JSONValue?)] = []
    var htmlOnce = false
    var iotGatewayInstalled = true

    init(users: [String: String], runner: any KepwareAgentRunner, knownTags: Set<String>?) {
        self.users = users
        self.runner = runner
        self.knownTags = knownTags
    }

    func setHTMLOnce() { htmlOnce = true }
    func setIoTGateway(_ installed: Bool) { iotGatewayInstalled = installed }

    func appendLog(event: String, source: String, message: String) {
        log.append(KepwareEventLogEntry(timestamp: KepwareEventLogEntry.timestamp(Date()) + "Z", event: event, source: source, message: message))
    }

    func handle(_ request: LabRequest) async -> LabResponse? {
        let body = request.body.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: request.body)
        requestLog.append((request.method, request.path, body))
        guard authorized(request) else {
            return LabResponse(status: 401, headers: [("WWW-Authenticate", "Basic realm=\"Config API\"")], body: Data())
        }
        if htmlOnce {
            htmlOnce = false
            return LabResponse(status: 200, headers: [("Content-Type", "text/html")], body: Data("<html>Welcome</html>".utf8))
        }
        let prefix = "/config/v1"
        guard request.path.hasPrefix(prefix) else { return Self.message(404, "Not found") }
        let path = String(request.path.dropFirst(prefix.count))
        let segments = path.split(separator: "/").map(String.init)
        if !request.body.isEmpty && body == nil { return Self.message(400, "Invalid JSON in the request body") }

        let route = segments.joined(separator: "/")
        let agentsRoot = "project/_iot_gateway/mqtt_clients"
        let agentName = segments.count >= 4 && segments.prefix(3).joined(separator: "/") == agentsRoot ? segments[3] : nil
        switch (request.method, route) {
        case ("GET", "about"):
            return Self.json(200, .object(["product_name": .string("KEPServerEX"), "product_version": .string("V6.17.240.0 (fake)")]))
        case ("GET", "project"):
            return Self.json(200, .object([KepwarePropertyKey.projectID: .int(projectID), "common.ALLTYPES_DESCRIPTION": .string("")]))
        case ("GET", "project/_iot_gateway") where request.query["content"] == "type_definition":
            guard iotGatewayInstalled else { return Self.message(404, "The requested resource was not found.") }
            return Self.json(200, .object(["type_definition": .object(["name": .string("_IoT_Gateway")]),
                                           "child_collections": .array([.string("mqtt_clients"), .string("rest_clients"), .string("rest_servers"), .string("thingworx_clients")])]))
        case ("GET", agentsRoot):
            return Self.json(200, .array(agents.keys.sorted().compactMap { agents[$0].map(readBack) }))
        case ("POST", agentsRoot):
            return await createAgents(body)
        case ("GET", "event_log"):
            let limit = Int(request.query["limit"] ?? "") ?? 100
            let start = request.query["start"] ?? ""
            let entries = log.filter { $0.timestamp >= start }
            return Self.json(200, .array(entries.suffix(limit).map { .object(["timestamp": .string($0.timestamp), "event": .string($0.event), "source": .string($0.source), "message": .string($0.message)]) }))
        default:
            break
        }
        if let name = agentName, segments.count == 4 {
            switch request.method {
            case "GET":
                guard let agent = agents[name] else { return Self.message(404, "The requested resource was not found.") }
                return Self.json(200, readBack(agent))
            case "PUT":
                return await updateAgent(name, body)
            case "DELETE":
                return await deleteAgent(name)
            default: break
            }
        }
        // One IoT item by name: GET / PUT / DELETE …/iot_items/{item} (kepware.md "Endpoints"; kepconfig
        // iot_items.get_iot_item / modify_iot_item / del_iot_item address items by the derived name).
        if let name = agentName, segments.count == 6, segments[4] == "iot_items" {
            let itemName = segments[5].removingPercentEncoding ?? segments[5]
            guard agents[name] != nil, let item = items[name]?[itemName] else {
                return Self.message(404, "The requested resource was not found.")
            }
            switch request.method {
            case "GET":
                return Self.json(200, projected(item))
            case "PUT":
                return updateItem(agent: name, itemName: itemName, body)
            case "DELETE":
                items[name]?[itemName] = nil
                projectID += 1
                return LabResponse(status: 200)
            default: break
            }
        }
        if let name = agentName, segments.count == 5, segments[4] == "iot_items" {
            switch request.method {
            case "GET":
                guard agents[name] != nil else { return Self.message(404, "The requested resource was not found.") }
                return Self.json(200, .array((items[name] ?? [:]).sorted { $0.key < $1.key }.map(\.value)))
            case "POST":
                return addItems(agent: name, body)
            default: break
            }
        }
        switch request.method {
        default:
            return Self.message(404, "The requested resource was not found.")
        }
    }

    private func authorized(_ request: LabRequest) -> Bool {
        guard let header = request.header("Authorization"), header.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
              let colon = decoded.firstIndex(of: ":") else { return false }
        return users[String(decoded[..<colon])] == String(decoded[decoded.index(after: colon)...])
    }

    /// POST accepts one agent (201) or a list (207 with one result per agent), as kepconfig's add_iot_agent does.
    private func createAgents(_ body: JSONValue?) async -> LabResponse {
        guard case .array(let list)? = body else { return await createAgent(body) }
        var results: [JSONValue] = []
        for entry in list {
            let response = await createAgent(entry)
            let name = entry[KepwarePropertyKey.name]?.stringValue ?? ""
            let message = (try? JSONDecoder().decode(JSONValue.self, from: response.body))?["message"]?.stringValue ?? "Created"
            results.append(.object(["code": .int(response.status), KepwarePropertyKey.name: .string(name), "message": .string(message)]))
        }
        return Self.json(207, .array(results))
    }

    private func deleteAgent(_ name: String) async -> LabResponse {
        guard agents[name] != nil else { return Self.message(404, "The requested resource was not found.") }
        agents[name] = nil
        items[name] = nil
        projectID += 1
        await runner.agentDisabled(name: name)
        return LabResponse(status: 200)
    }

    /// PUT one item: the PROJECT_ID (or FORCE_UPDATE) rule of every PUT; the name cannot change.
    private func updateItem(agent: String, itemName: String, _ body: JSONValue?) -> LabResponse {
        guard case .object(var changes)? = body, case .object(var item)? = items[agent]?[itemName] else {
            return Self.message(400, "The request body must be an object")
        }
        let forced = changes.removeValue(forKey: KepwarePropertyKey.forceUpdate) == .bool(true)
        let given = changes.removeValue(forKey: KepwarePropertyKey.projectID)
        if !forced, given != .int(projectID) {
            return Self.message(400, "Invalid project ID: the project was changed or no PROJECT_ID was given. GET /config/v1/project and send its PROJECT_ID, or set FORCE_UPDATE to true")
        }
        if let newName = changes[KepwarePropertyKey.name]?.stringValue, newName != itemName {
            return Self.message(400, "The name of an IoT item cannot be changed: it follows its server tag")
        }
        for (key, value) in changes { item[key] = value }
        items[agent]?[itemName] = .object(item)
        projectID += 1
        return LabResponse(status: 200)
    }

    /// An item as GET returns it, with the project's PROJECT_ID.
    private func projected(_ item: JSONValue) -> JSONValue {
        guard case .object(var object) = item else { return item }
        object[KepwarePropertyKey.projectID] = .int(projectID)
        return .object(object)
    }

    private func createAgent(_ body: JSONValue?) async -> LabResponse {
        guard case .object(var agent)? = body else { return Self.message(400, "The request body must be an MQTT Client agent object") }
        guard let name = agent[KepwarePropertyKey.name]?.stringValue, !name.isEmpty else {
            return Self.message(400, "Missing property common.ALLTYPES_NAME")
        }
        if name.hasPrefix("_") { return Self.message(400, "Invalid name '\(name)': names may not start with an underscore") }
        if agents[name] != nil { return Self.message(400, "The name '\(name)' is already used") }
        if let type = agent[KepwarePropertyKey.agentType]?.stringValue, type != KepwarePropertyKey.mqttClientAgentType {
            return Self.message(400, "Agent type '\(type)' does not belong in mqtt_clients")
        }
        let nested = agent.removeValue(forKey: "iot_items")
        agent[KepwarePropertyKey.agentType] = .string(KepwarePropertyKey.mqttClientAgentType)
        agents[name] = agent
        if case .array(let list)? = nested { _ = addItems(agent: name, .array(list)) }
        projectID += 1
        await runAgent(name)
        return LabResponse(status: 201)
    }

    private func updateAgent(_ name: String, _ body: JSONValue?) async -> LabResponse {
        guard var agent = agents[name] else { return Self.message(404, "The requested resource was not found.") }
        guard case .object(var changes)? = body else { return Self.message(400, "The request body must be an object") }
        let forced = changes.removeValue(forKey: KepwarePropertyKey.forceUpdate) == .bool(true)
        let given = changes.removeValue(forKey: KepwarePropertyKey.projectID)
        if !forced {
            guard given == .int(projectID) else {
                return Self.message(400, "Invalid project ID: the project was changed or no PROJECT_ID was given. GET /config/v1/project and send its PROJECT_ID, or set FORCE_UPDATE to true")
            }
        }
        for (key, value) in changes { agent[key] = value }
        agents[name] = agent
        projectID += 1
        await runAgent(name)
        return LabResponse(status: 200)
    }

    private func addItems(agent name: String, _ body: JSONValue?) -> LabResponse {
        guard agents[name] != nil else { return Self.message(404, "The requested resource was not found.") }
        let list: [JSONValue]
        let single: Bool
        switch body {
        case .array(let given)?: list = given; single = false
        case .object?: list = [body ?? .null]; single = true
        default: return Self.message(400, "The request body must be an IoT item or a list of them")
        }
        var results: [JSONValue] = []
        for entry in list {
            guard case .object(let item) = entry, let tag = item[KepwarePropertyKey.itemServerTag]?.stringValue else {
                results.append(.object(["code": .int(400), "message": .string("Missing property iot_gateway.IOT_ITEM_SERVER_TAG")]))
                continue
            }
            // Without a name Kepware derives it from the tag: leading "_" dropped, every "." replaced by "_"
            // (kepware.md "Item-name convention": kepconfig _address_dedecimal, atc-kepware IotItemCreateRequest).
            let itemName = item[KepwarePropertyKey.name]?.stringValue ?? KepwareIoTItem(serverTag: tag).name
            if let knownTags, !knownTags.contains(tag) {
                results.append(.object(["code": .int(400), KepwarePropertyKey.name: .string(itemName),
                                        "message": .string("Error adding item \(tag) to connection \(name).")]))
                continue
            }
            if items[name]?[itemName] != nil {
                results.append(.object(["code": .int(400), KepwarePropertyKey.name: .string(itemName),
                                        "message": .string("Error adding item \(tag). This item already exists in connection \(name).")]))
                continue
            }
            var stored = item
            stored[KepwarePropertyKey.name] = .string(itemName)
            items[name, default: [:]][itemName] = .object(stored)
            results.append(.object(["code": .int(201), KepwarePropertyKey.name: .string(itemName), "message": .string("Created")]))
        }
        projectID += 1
        if single, case .object(let only)? = results.first {
            return only["code"] == .int(201) ? LabResponse(status: 201) : Self.json(400, .object(only))
        }
        return Self.json(207, .array(results))
    }

    /// Kepware does not give the password back in clear: it answers with an opaque hex string.
    private func readBack(_ agent: [String: JSONValue]) -> JSONValue {
        var copy = agent
        if let password = copy[KepwarePropertyKey.password]?.stringValue, !password.isEmpty {
            copy[KepwarePropertyKey.password] = .string(Data(password.utf8.reversed()).map { String(format: "%02x", $0) }.joined())
        }
        copy[KepwarePropertyKey.projectID] = .int(projectID)
        return .object(copy)
    }

    private func runAgent(_ name: String) async {
        guard let agent = agents[name] else { return }
        guard agent[KepwarePropertyKey.enabled] != .bool(false) else {
            await runner.agentDisabled(name: name)
            return
        }
        let url = agent[KepwarePropertyKey.url]?.stringValue ?? ""
        switch await runner.agentChanged(name: name, properties: agent) {
        case .connected:
            appendLog(event: "Information", source: "KEPServerEX\\Runtime", message: KepwareEventLogEntry.connectedMessage(agent: name, url: url))
        case .failed(let message):
            appendLog(event: "Warning", source: "KEPServerEX\\Runtime", message: "MQTT agent '\(name)': \(message)")
        case .silent:
            break
        }
    }

    static func json(_ status: Int, _ value: JSONValue) -> LabResponse {
        .json(status, (try? JSONEncoder().encode(value)) ?? Data())
    }

    static func message(_ status: Int, _ text: String) -> LabResponse {
        json(status, .object(["code": .int(status), "message": .string(text)]))
    }
}
