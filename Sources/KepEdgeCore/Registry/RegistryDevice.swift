import Foundation

/// A device identity as the IoT Hub registry REST API (`/devices/{id}`) sends and receives it.
/// Only the fields kepedge reads or writes; unknown fields in answers are ignored.
/// The keys are secrets: `description` masks them.
public struct RegistryDevice: Codable, Equatable, Sendable, CustomStringConvertible {
    public struct SymmetricKey: Codable, Equatable, Sendable {
        public var primaryKey: String?
        public var secondaryKey: String?
        public init(primaryKey: String? = nil, secondaryKey: String? = nil) {
            self.primaryKey = primaryKey
            self.secondaryKey = secondaryKey
        }
        // Both keys are always sent, null when IoT Hub should generate them.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(primaryKey, forKey: .primaryKey)
            try container.encode(secondaryKey, forKey: .secondaryKey)
        }
    }

    public struct Authentication: Codable, Equatable, Sendable {
        /// `sas`, `selfSigned`, `certificateAuthority` or `none`.
        public var type: String
        public var symmetricKey: SymmetricKey?
        public init(type: String, symmetricKey: SymmetricKey?) {
            self.type = type
            self.symmetricKey = symmetricKey
        }
    }

    public struct Capabilities: Codable, Equatable, Sendable {
        public var iotEdge: Bool
        public init(iotEdge: Bool) { self.iotEdge = iotEdge }
    }

    public var deviceId: String
    public var generationId: String?
    public var etag: String?
    /// `enabled` or `disabled`.
    public var status: String?
    public var statusReason: String?
    public var connectionState: String?
    public var authentication: Authentication?
    public var capabilities: Capabilities?
    public var deviceScope: String?
    public var parentScopes: [String]?

    public init(deviceId: String, generationId: String? = nil, etag: String? = nil, status: String? = "enabled",
                statusReason: String? = nil, connectionState: String? = nil, authentication: Authentication? = nil,
                capabilities: Capabilities? = nil, deviceScope: String? = nil, parentScopes: [String]? = nil) {
        self.deviceId = deviceId
        self.generationId = generationId
        self.etag = etag
        self.status = status
        self.statusReason = statusReason
        self.connectionState = connectionState
        self.authentication = authentication
        self.capabilities = capabilities
        self.deviceScope = deviceScope
        self.parentScopes = parentScopes
    }

    /// The body that creates Kepware's device: SAS authentication with both keys null (the hub generates them),
    /// not an edge device, and the edge device's scope as its `deviceScope` and `parentScopes` (the parent link).
    public static func newLeaf(id: DeviceID, parentScope: String) -> RegistryDevice {
        RegistryDevice(
            deviceId: id.rawValue, status: "enabled",
            authentication: Authentication(type: "sas", symmetricKey: SymmetricKey()),
            capabilities: Capabilities(iotEdge: false),
            deviceScope: parentScope, parentScopes: [parentScope]
        )
    }

    /// This device with `scope` as its parent (what `az iot hub device-identity parent set` does to a leaf).
    public func withParent(scope: String) -> RegistryDevice {
        var copy = self
        copy.deviceScope = scope
        copy.parentScopes = [scope]
        return copy
    }

    /// Whether `scope` is already this device's parent.
    public func hasParent(scope: String) -> Bool {
        DeviceRegistration.isChild(deviceScope: deviceScope, parentScopes: parentScopes ?? [], of: scope)
    }

    public var isEnabled: Bool { status?.lowercased() == "enabled" }
    public var isEdgeDevice: Bool { capabilities?.iotEdge == true }

    /// The primary key, when the answer carried one that decodes.
    public var primaryKey: SharedAccessKey? {
        guard let text = authentication?.symmetricKey?.primaryKey else { return nil }
        return try? SharedAccessKey(base64: text)
    }

    public var description: String {
        let hasKeys = authentication?.symmetricKey?.primaryKey != nil
        return "RegistryDevice(\(deviceId), status: \(status ?? "?"), scope: \(deviceScope ?? "none"), keys: \(hasKeys ? "present (masked)" : "none"))"
    }
}
