/// What the registry said about the Kepware device (and its parent), as step 3 judges it.
public struct DeviceRegistration: Equatable, Sendable {
    public var deviceID: String
    /// True when kepedge created the device just now (false: it existed).
    public var created: Bool
    public var enabled: Bool
    /// The device's `deviceScope`; edgeHub authenticates a child only when it equals the edge device's scope.
    public var deviceScope: String?
    /// The edge device's own `deviceScope` (`ms-azure-iot-edge://{edgeId}-{generationId}`).
    public var edgeDeviceScope: String
    public var etag: String
    public var primaryKey: Secret?
    /// Whether edgeHub's routes send downstream messages to `$upstream`; nil when not read.
    public var routesToUpstream: Bool?

    public init(
        deviceID: String, created: Bool, enabled: Bool, deviceScope: String?, edgeDeviceScope: String,
        etag: String, primaryKey: Secret?, routesToUpstream: Bool?
    ) {
        self.deviceID = deviceID
        self.created = created
        self.enabled = enabled
        self.deviceScope = deviceScope
        self.edgeDeviceScope = edgeDeviceScope
        self.etag = etag
        self.primaryKey = primaryKey
        self.routesToUpstream = routesToUpstream
    }

    /// Parent/child is required since IoT Edge 1.1.0: without it edgeHub refuses the device (CONNACK 5).
    public var parentIsSet: Bool { deviceScope == edgeDeviceScope }
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
