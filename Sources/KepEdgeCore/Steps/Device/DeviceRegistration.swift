/// What the registry said about the Kepware device (and its parent), as step 3 judges it.
public struct DeviceRegistration: Equatable, Sendable {
    public var deviceID: String
    /// False when a read-only look found no such device (`kepedge check`); the fields below are then empty.
    public var exists: Bool
    /// True when kepedge created the device just now (false: it existed).
    public var created: Bool
    public var enabled: Bool
    /// `disabled` and its reason, as the registry gives them, when the device is not enabled.
    public var statusDetail: String?
    /// The device's `deviceScope`; edgeHub authenticates a child only when it equals the edge device's scope.
    public var deviceScope: String?
    /// The device's `parentScopes` (the registry sets them with the parent).
    public var parentScopes: [String]
    /// The edge device's own `deviceScope` (`ms-azure-iot-edge://{edgeId}-{generationId}`).
    public var edgeDeviceScope: String
    public var etag: String
    public var primaryKey: Secret?
    /// edgeHub's routes from the edge device's `$edgeHub` module twin; nil when they could not be read.
    public var routes: EdgeHubRoutes?
    /// Why the routes could not be read, when they could not.
    public var routesUnreadable: String?

    public init(
        deviceID: String, exists: Bool = true, created: Bool, enabled: Bool, statusDetail: String? = nil,
        deviceScope: String?, parentScopes: [String] = [], edgeDeviceScope: String, etag: String, primaryKey: Secret?,
        routes: EdgeHubRoutes?, routesUnreadable: String? = nil
    ) {
        self.deviceID = deviceID
        self.exists = exists
        self.created = created
        self.enabled = enabled
        self.statusDetail = statusDetail
        self.deviceScope = deviceScope
        self.parentScopes = parentScopes
        self.edgeDeviceScope = edgeDeviceScope
        self.etag = etag
        self.primaryKey = primaryKey
        self.routes = routes
        self.routesUnreadable = routesUnreadable
    }

    /// A read-only look that found no device `deviceID` under the edge device's scope.
    public static func missing(_ deviceID: String, edgeDeviceScope: String) -> DeviceRegistration {
        DeviceRegistration(deviceID: deviceID, exists: false, created: false, enabled: false, deviceScope: nil,
                           edgeDeviceScope: edgeDeviceScope, etag: "", primaryKey: nil, routes: nil)
    }

    /// Parent/child is required since IoT Edge 1.1.0: without it edgeHub refuses the device (CONNACK 5).
    /// The one test of "the edge device is the parent": the child's scope equals the edge device's.
    public var parentIsSet: Bool {
        exists && Self.isChild(deviceScope: deviceScope, parentScopes: parentScopes, of: edgeDeviceScope)
    }

    /// A device is the child of the edge device whose scope is `edgeScope` when its own scope or one of
    /// its parent scopes is that scope (the registry sets both; older devices may carry only the first).
    public static func isChild(deviceScope: String?, parentScopes: [String], of edgeScope: String) -> Bool {
        deviceScope == edgeScope || parentScopes.contains(edgeScope)
    }

    /// Whether edgeHub's routes send downstream messages to `$upstream`; nil when not read.
    public var routesToUpstream: Bool? { routes.map { !$0.downstreamToUpstream.isEmpty } }
}

/// What the registry is asked: the Kepware device on this hub, as a child of this edge device.
public struct RegistrationRequest: Equatable, Sendable {
    public var hub: IoTHubHost
    public var device: DeviceID
    public var edgeDevice: DeviceID
    public var ownerConnectionString: HubOwnerConnectionString

    public init(hub: IoTHubHost, device: DeviceID, edgeDevice: DeviceID, ownerConnectionString: HubOwnerConnectionString) {
        self.hub = hub
        self.device = device
        self.edgeDevice = edgeDevice
        self.ownerConnectionString = ownerConnectionString
    }
}

extension DeviceRegistration {
    /// What the registry's device answer says, for step 3's checks.
    public init(_ device: RegistryDevice, created: Bool, edgeScope: String, routes: EdgeHubRoutes?, routesUnreadable: String? = nil) {
        self.init(
            deviceID: device.deviceId, created: created, enabled: device.isEnabled,
            statusDetail: device.isEnabled ? nil : "\(device.status ?? "unknown")\(device.statusReason.map { " (\($0))" } ?? "")",
            deviceScope: device.deviceScope, parentScopes: device.parentScopes ?? [], edgeDeviceScope: edgeScope,
            etag: device.etag ?? "", primaryKey: device.primaryKey?.base64, routes: routes, routesUnreadable: routesUnreadable)
    }
}
