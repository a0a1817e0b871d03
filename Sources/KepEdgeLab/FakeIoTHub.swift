import Foundation
import KepEdgeCore

/// A contract-exact fake of the IoT Hub registry REST API on 127.0.0.1 over HTTPS: service SAS checking
/// (policy key, `skn`, `sr` audience, expiry with 5 minutes' skew), devices with generationId, etag,
/// generated keys, deviceScope/parentScopes and status, the `$edgeHub` module twin with routes,
/// IoT Hub-shaped error bodies, and faults on demand.
public final class FakeIoTHub: Sendable {
    /// A shared access policy: its key and whether it has registry write rights.
    public struct Policy: Sendable {
        public let key: SharedAccessKey
        public let registryWrite: Bool
        public init(key: SharedAccessKey, registryWrite: Bool) {
            self.key = key
            self.registryWrite = registryWrite
        }
    }

    /// Faults the next requests get.
    public enum Fault: Sendable {
        /// 429 with `Retry-After: seconds`, once.
        case throttleOnce(retryAfter: Int)
        /// Answer every request after this many seconds.
        case slowAnswers(seconds: Double)
        /// Never answer.
        case neverAnswer
        /// Change the device's etag just before the next If-Match update (another writer got there first).
        case etagChangesBeforeUpdate(deviceID: String)
        /// Answer with an HTML page (a proxy's error page), once.
        case htmlOnce
    }

    public let hubHost: String
    public let port: Int
    /// Trust this file to reach the fake over HTTPS.
    public let caFile: String
    private let server: LabHTTPServer
    private let state: FakeIoTHubState

    /// Starts the fake for `hubHost` with `policies` (name → policy), certificates made in `directory`.
    public static func start(hubHost: String, policies: [String: Policy], directory: String) async throws -> FakeIoTHub {
        let certificates = try await LabCertificates.offCooperativePool { try LabCertificates.makeChain(in: directory, names: [hubHost, "localhost"]) }
        let state = FakeIoTHubState(hubHost: hubHost, policies: policies)
        let server = try await LabHTTPServer.start(tls: try certificates.serverContext()) { request in
            await state.handle(request)
        }
        return FakeIoTHub(hubHost: hubHost, port: server.port, caFile: certificates.caFile, server: server, state: state)
    }

    private init(hubHost: String, port: Int, caFile: String, server: LabHTTPServer, state: FakeIoTHubState) {
        self.hubHost = hubHost
        self.port = port
        self.caFile = caFile
        self.server = server
        self.state = state
    }

    public func stop() async { await server.stop() }

    /// Adds an IoT Edge device (capabilities.iotEdge true, auto deviceScope) with edgeHub `routes` (name → statement).
    @discardableResult
    public func addEdgeDevice(_ id: String, routes: [String: String] = ["upstream": "FROM /messages/* INTO $upstream"]) async -> RegistryDevice {
        await state.addEdge(id, routes: routes)
    }

    /// Adds a leaf device with no parent, or with `scope`; `enabled` false makes it disabled.
    @discardableResult
    public func addDevice(_ id: String, scope: String? = nil, enabled: Bool = true) async -> RegistryDevice {
        await state.addLeaf(id, scope: scope, enabled: enabled)
    }

    public func setRoutes(edge: String, _ routes: [String: String]) async { await state.setRoutes(edge: edge, routes) }
    /// The edge device's `$edgeHub` routes (name → statement).
    public func routes(edge: String) async -> [String: String] { await state.routes[edge] ?? [:] }
    public func inject(_ fault: Fault) async { await state.inject(fault) }

    /// All devices now (the lab's broker plugin reads identities and keys from here).
    public func snapshot() async -> [RegistryDevice] { await state.snapshot() }

    /// Called with each device the fake creates or updates.
    public func onDeviceChange(_ observer: @escaping @Sendable (RegistryDevice) -> Void) async { await state.observe(observer) }
    /// Called with the id of every device deleted through the REST API.
    public func onDeviceDelete(_ observer: @escaping @Sendable (String) -> Void) async { await state.observeDeletes(observer) }

    /// Every request received: method, path, If-Match, for tests.
    public func requests() async -> [(method: String, path: String, ifMatch: String?)] { await state.requestLog }
}

actor FakeIoTHubState {
    let hubHost: String
    let policies: [String: FakeIoTHub.Policy]
    var devices: [String: RegistryDevice] = [:]
    var routes: [String: [String: String]] = [:]
    var faults: [FakeIoTHub.Fault] = []
    var observers: [@Sendable (RegistryDevice) -> Void] = []
    var requestLog: [(method: String, path: String, ifMatch: String?)] = []
    var etagCounter = 0

    init(hubHost: String, policies: [String: FakeIoTHub.Policy]) {
        self.hubHost = hubHost
        self.policies = policies
    }

    func inject(_ fault: FakeIoTHub.Fault) { faults.append(fault) }
    func observe(_ observer: @escaping @Sendable (RegistryDevice) -> Void) { observers.append(observer) }
    var deleteObservers: [@Sendable (String) -> Void] = []
    func observeDeletes(_ observer: @escaping @Sendable (String) -> Void) { deleteObservers.append(observer) }
    func snapshot() -> [RegistryDevice] { devices.values.sorted { $0.deviceId < $1.deviceId } }
    func setRoutes(edge: String, _ given: [String: String]) { routes[edge] = given }

    func addEdge(_ id: String, routes given: [String: String]) -> RegistryDevice {
        let generation = Self.generationID()
        var device = RegistryDevice(deviceId: id, generationId: generation, etag: nextETag(), status: "enabled",
                                    connectionState: "Disconnected",
                                    authentication: .init(type: "sas", symmetricKey: .init(primaryKey: Self.newKey(), secondaryKey: Self.newKey())),
                                    capabilities: .init(iotEdge: true), deviceScope: "ms-azure-iot-edge://\(id)-\(generation)", parentScopes: [])
        device.parentScopes = []
        devices[id] = device
        routes[id] = given
        return device
    }

    func addLeaf(_ id: String, scope: String?, enabled: Bool) -> RegistryDevice {
        let device = RegistryDevice(deviceId: id, generationId: Self.generationID(), etag: nextETag(), status: enabled ? "enabled" : "disabled",
                                    connectionState: "Disconnected",
                                    authentication: .init(type: "sas", symmetricKey: .init(primaryKey: Self.newKey(), secondaryKey: Self.newKey())),
                                    capabilities: .init(iotEdge: false), deviceScope: scope, parentScopes: scope.map { [$0] })
        devices[id] = device
        return device
    }

    func handle(_ request: LabRequest) async -> LabResponse? {
        requestLog.append((request.method, request.path, request.header("If-Match")))
        if let index = faults.firstIndex(where: { if case .neverAnswer = $0 { return true }; return false }) {
            _ = index
            return nil
        }
        if let index = faults.firstIndex(where: { if case .slowAnswers = $0 { return true }; return false }),
           case .slowAnswers(let seconds) = faults[index] {
            try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        }
        if let index = faults.firstIndex(where: { if case .htmlOnce = $0 { return true }; return false }) {
            faults.remove(at: index)
            return LabResponse(status: 502, headers: [("Content-Type", "text/html")], body: Data("<html><body>Bad gateway</body></html>".utf8))
        }
        if let failure = authenticate(request, needsWrite: request.method != "GET") { return failure }
        if let index = faults.firstIndex(where: { if case .throttleOnce = $0 { return true }; return false }),
           case .throttleOnce(let retryAfter) = faults[index] {
            faults.remove(at: index)
            return Self.error(429, "ThrottlingException", "Throttling limit exceeded.", headers: [("Retry-After", String(retryAfter))])
        }
        guard request.query["api-version"] != nil else {
            return Self.error(400, "InvalidProtocolVersion", "api-version is missing.")
        }
        let segments = request.path.split(separator: "/").map(String.init)
        switch (request.method, segments.count) {
        case ("GET", 2) where segments[0] == "devices":
            guard let device = devices[segments[1]] else { return Self.error(404, "DeviceNotFound", "Device \(segments[1]) not registered.") }
            return Self.json(device)
        case ("PUT", 2) where segments[0] == "devices":
            return put(id: segments[1], request: request)
        case ("GET", 4) where segments[0] == "twins" && segments[2] == "modules":
            guard devices[segments[1]]?.isEdgeDevice == true, segments[3] == "$edgeHub" else {
                return Self.error(404, "ModuleNotFound", "Module \(segments[3]) on device \(segments[1]) not found.")
            }
            return twin(edge: segments[1])
        // `az iot hub device-identity delete` / DELETE /devices/{id} (azure.md §7.2; CLI devices_operations.py
        // delete_identity expects 204 and always sends If-Match, "*" when no etag is given).
        case ("DELETE", 2) where segments[0] == "devices":
            return delete(id: segments[1], ifMatch: request.header("If-Match"))
        // `az iot hub device-twin show` / GET /twins/{id}.
        case ("GET", 2) where segments[0] == "twins":
            guard let device = devices[segments[1]] else { return Self.error(404, "DeviceNotFound", "Device \(segments[1]) not registered.") }
            return deviceTwin(device)
        // `az iot hub module-identity list` / GET /devices/{id}/modules: an edge device's system modules.
        case ("GET", 3) where segments[0] == "devices" && segments[2] == "modules":
            guard let device = devices[segments[1]] else { return Self.error(404, "DeviceNotFound", "Device \(segments[1]) not registered.") }
            return modules(of: device)
        default:
            return Self.error(404, "NotFound", "No such resource \(request.path).")
        }
    }

    private func put(id: String, request: LabRequest) -> LabResponse {
        guard var sent = try? JSONDecoder().decode(RegistryDevice.self, from: request.body), sent.deviceId == id else {
            return Self.error(400, "ArgumentInvalid", "The request body is not a device, or its deviceId differs from the URL.")
        }
        if let scope = sent.deviceScope, !scope.isEmpty, !devices.values.contains(where: { $0.isEdgeDevice && $0.deviceScope == scope }) {
            return Self.error(400, "ArgumentInvalid", "deviceScope \(scope) is not the scope of an edge device in this hub.")
        }
        if let ifMatch = request.header("If-Match") {
            if let index = faults.firstIndex(where: { if case .etagChangesBeforeUpdate(let target) = $0 { return target == id }; return false }) {
                faults.remove(at: index)
                devices[id]?.etag = nextETag()
            }
            guard let existing = devices[id] else { return Self.error(404, "DeviceNotFound", "Device \(id) not registered.") }
            if ifMatch != "*" && ifMatch != RegistryRequest.quotedETag(existing.etag ?? "") {
                return Self.error(412, "PreconditionFailed", "Precondition failed: the device's etag does not match If-Match.")
            }
            sent.generationId = existing.generationId
            sent.etag = nextETag()
            if sent.authentication?.symmetricKey?.primaryKey == nil { sent.authentication = existing.authentication }
            if existing.isEdgeDevice { sent.deviceScope = existing.deviceScope; sent.capabilities = existing.capabilities }
            devices[id] = sent
            notify(sent)
            return Self.json(sent)
        }
        if devices[id] != nil {
            return Self.error(409, "DeviceAlreadyExists", "A device with ID '\(id)' is already registered.")
        }
        if let keys = sent.authentication?.symmetricKey, (keys.primaryKey == nil) != (keys.secondaryKey == nil) {
            return Self.error(400, "ArgumentInvalid", "Both primary and secondary keys must be given, or neither.")
        }
        sent.generationId = Self.generationID()
        sent.etag = nextETag()
        sent.connectionState = "Disconnected"
        if sent.status == nil { sent.status = "enabled" }
        if sent.authentication?.symmetricKey?.primaryKey == nil {
            sent.authentication = .init(type: "sas", symmetricKey: .init(primaryKey: Self.newKey(), secondaryKey: Self.newKey()))
        }
        if sent.isEdgeDevice {
            if let scope = sent.deviceScope { sent.parentScopes = [scope] }
            sent.deviceScope = "ms-azure-iot-edge://\(id)-\(sent.generationId ?? "")"
            routes[id] = [:]
        }
        devices[id] = sent
        notify(sent)
        return Self.json(sent)
    }

    private func delete(id: String, ifMatch: String?) -> LabResponse {
        guard let existing = devices[id] else { return Self.error(404, "DeviceNotFound", "Device \(id) not registered.") }
        if let ifMatch, ifMatch != "*", ifMatch != RegistryRequest.quotedETag(existing.etag ?? "") {
            return Self.error(412, "PreconditionFailed", "Precondition failed: the device's etag does not match If-Match.")
        }
        devices[id] = nil
        routes[id] = nil
        for observer in deleteObservers { observer(id) }
        return LabResponse(status: 204)
    }

    /// The device twin as the twin API returns it: identity fields, tags, desired and reported properties.
    private func deviceTwin(_ device: RegistryDevice) -> LabResponse {
        var object: [String: Any] = [
            "deviceId": device.deviceId, "etag": "AAAAAAAAAAE=", "deviceEtag": device.etag ?? "", "version": 2,
            "status": device.status ?? "enabled", "connectionState": device.connectionState ?? "Disconnected",
            "authenticationType": device.authentication?.type ?? "sas",
            "capabilities": ["iotEdge": device.isEdgeDevice],
            "properties": [
                "desired": ["$metadata": ["$lastUpdated": "2024-01-01T00:00:00Z"], "$version": 1],
                "reported": ["$metadata": ["$lastUpdated": "2024-01-01T00:00:00Z"], "$version": 1],
            ],
        ]
        if let scope = device.deviceScope { object["deviceScope"] = scope }
        if let parents = device.parentScopes { object["parentScopes"] = parents }
        return .json(200, (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// An edge device has `$edgeAgent` and `$edgeHub` (created with it); other devices have none until modules are added.
    private func modules(of device: RegistryDevice) -> LabResponse {
        let list: [[String: Any]] = device.isEdgeDevice ? ["$edgeAgent", "$edgeHub"].map { module in
            ["moduleId": module, "deviceId": device.deviceId, "managedBy": "iotEdge", "generationId": device.generationId ?? "",
             "etag": "AAAAAAAAAAE=", "connectionState": "Disconnected", "authentication": ["type": "sas"]]
        } : []
        return .json(200, (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])) ?? Data())
    }

    private func twin(edge: String) -> LabResponse {
        let object: [String: Any] = [
            "deviceId": edge, "moduleId": "$edgeHub", "etag": "AAAAAAAAAAE=",
            "properties": ["desired": ["schemaVersion": "1.1", "routes": (routes[edge] ?? [:]).mapValues { ["route": $0, "priority": 0, "timeToLiveSecs": 7200] as [String: Any] }]],
        ]
        return .json(200, (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// A service SAS: `skn` names a policy with the rights, the signature verifies with its key,
    /// `sr` is this hub, and it has not expired (5 minutes' skew, as IoT Hub).
    private func authenticate(_ request: LabRequest, needsWrite: Bool) -> LabResponse? {
        guard let header = request.header("Authorization"), let token = try? SASToken(parsing: header) else {
            return Self.error(401, "IotHubUnauthorizedAccess", "Unauthorized: no valid SharedAccessSignature.")
        }
        let inspection = token.inspection
        guard let policyName = inspection.policyName, let policy = policies[policyName] else {
            return Self.error(401, "IotHubUnauthorizedAccess", "Unauthorized: unknown policy.")
        }
        guard token.verify(with: policy.key) else {
            return Self.error(401, "IotHubUnauthorizedAccess", "Unauthorized: the signature does not match.")
        }
        guard inspection.resourceURI.lowercased() == hubHost.lowercased() else {
            return Self.error(401, "IotHubUnauthorizedAccess", "Unauthorized: the token's audience is not this hub.")
        }
        if inspection.isExpired(at: Date()) {
            return Self.error(401, "IotHubUnauthorizedAccess", "Unauthorized: the token has expired.")
        }
        if needsWrite && !policy.registryWrite {
            return Self.error(401, "IotHubUnauthorizedAccess", "Unauthorized: the policy has no RegistryWrite permission.")
        }
        return nil
    }

    private func notify(_ device: RegistryDevice) { for observer in observers { observer(device) } }

    private func nextETag() -> String {
        etagCounter += 1
        return Data(String(format: "%012d", etagCounter).utf8).base64EncodedString()
    }

    static func generationID() -> String { String(638_000_000_000_000_000 + Int.random(in: 0..<999_999_999_999)) }

    static func newKey() -> String {
        Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    static func json(_ device: RegistryDevice) -> LabResponse {
        .json(200, (try? JSONEncoder().encode(device)) ?? Data())
    }

    static func error(_ status: Int, _ code: String, _ message: String, headers: [(String, String)] = []) -> LabResponse {
        .json(status, RegistryErrorBody.json(errorCode: code, message: message), headers: headers)
    }
}
