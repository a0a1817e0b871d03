import Foundation

/// Step 3's verdicts, from what the registry said (a registration by the wizard, or a read-only look by
/// `kepedge check`): the device exists, is enabled, has the edge device as parent, and edgeHub routes
/// its messages to `$upstream`.
extension DeviceStep {
    public static func checks(_ state: State) -> [CheckResult] {
        if let mismatch = ownerHubMismatch(state) { return [mismatch] }
        if let failure = state.registration.failure { return [CheckResult(failure: failure, id: .deviceRegistry)] }
        guard let registration = state.registration.value, let key = state.registeredFor else { return [] }
        let hub = key.hub.hostName, device = registration.deviceID, edge = key.edgeDevice.rawValue
        guard registration.exists else {
            return [CheckResult(
                id: .deviceExists, title: "device \(device) is not registered in \(hub)", status: .error,
                details: ["IoT Hub has no device \(device)"],
                fix: "register it under \(edge): Register in the wizard's step 3, or kepedge register --hub \(hub) --device \(device) --edge-device \(edge) --hub-owner-file FILE")]
        }
        var results = [
            CheckResult(id: .deviceExists, title: "device \(device) \(registration.created ? "was created" : "is registered") in \(hub)", status: .ok),
            enabledCheck(registration),
            parentCheck(registration, key: key),
        ]
        if let routes = registration.routes {
            results.append(routes.check(edgeDevice: edge))
        } else if let reason = registration.routesUnreadable {
            results.append(CheckResult(
                id: .edgeHubRoutes, title: "edgeHub's routes to $upstream could not be read", status: .warning,
                details: ["the $edgeHub module twin could not be read: \(reason)"],
                fix: "give a connection string whose policy may read the registry (iothubowner or registryRead), or check the routes in the portal"))
        }
        return results
    }

    /// The hub-owner connection string names another hub than the hub field: every registry answer
    /// would be about the wrong hub.
    public static func ownerHubMismatch(_ state: State) -> CheckResult? {
        guard !state.ownerConnectionString.isEmpty,
              let owner = try? HubOwnerConnectionString(parsing: state.ownerConnectionString.revealed),
              let hub = state.hub, owner.hub != hub else { return nil }
        return CheckResult(
            id: .deviceRegistry, title: "the hub-owner connection string is for \(owner.hub.hostName), not \(hub.hostName)",
            status: .error, fix: "give the connection string of \(hub.hostName)'s iothubowner (or registryRead) policy")
    }

    /// A disabled device is refused by edgeHub and IoT Hub alike.
    public static func enabledCheck(_ registration: DeviceRegistration) -> CheckResult {
        if registration.enabled { return CheckResult(id: .deviceEnabled, title: "device \(registration.deviceID) is enabled", status: .ok) }
        return CheckResult(
            id: .deviceEnabled, title: "device \(registration.deviceID) is disabled in IoT Hub: edgeHub and IoT Hub refuse it", status: .error,
            details: ["status: \(registration.statusDetail ?? "disabled")"],
            fix: "enable it: az iot hub device-identity update -d \(registration.deviceID) --status enabled (with -n and your hub's name)")
    }

    /// Parent/child is required since IoT Edge 1.1.0: edgeHub refuses a device that is not its child.
    public static func parentCheck(_ registration: DeviceRegistration, key: Key) -> CheckResult {
        let device = registration.deviceID, edge = key.edgeDevice.rawValue
        if registration.parentIsSet { return CheckResult(id: .deviceParent, title: "\(device) has \(edge) as parent", status: .ok) }
        return CheckResult(
            id: .deviceParent, title: "\(device) has no parent \(edge): edgeHub will refuse it (CONNACK 5)", status: .error,
            details: ["its deviceScope is \(registration.deviceScope ?? "not set"); edgeHub refuses a device that is not its child (CONNACK 5)"],
            fix: "Set parent (P) in the wizard's step 3, kepedge register --set-parent, or: az iot hub device-identity parent set --device-id \(device) --parent-device-id \(edge) -n \(key.hub.name)")
    }
}
