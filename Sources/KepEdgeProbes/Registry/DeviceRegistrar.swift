import Foundation
import KepEdgeCore

/// What registering Kepware's device did, for the report.
public struct DeviceRegistrationOutcome: Sendable {
    public enum Action: String, Codable, Sendable {
        /// Created with the edge device as parent.
        case created
        /// Existed already with the right parent.
        case existed
        /// Existed; kepedge set the edge device as its parent.
        case parentSet
        /// Existed without the right parent, and the caller did not allow changing it.
        case parentMissing
    }

    public let action: Action
    public let device: RegistryDevice
    public let edgeScope: String
}

/// Registers Kepware's device under the edge device, as `az iot hub device-identity create --device-scope`
/// and `parent set` do, but in one go and with every failure put in words.
public struct DeviceRegistrar: Sendable {
    public let client: RegistryClient

    public init(client: RegistryClient) { self.client = client }

    public func register(device: DeviceID, edgeDevice: DeviceID, setParentIfMissing: Bool) async throws(RegistryFailure) -> DeviceRegistrationOutcome {
        let scope = try await edgeScope(edgeDevice)

        var action: DeviceRegistrationOutcome.Action
        var current: RegistryDevice
        do {
            current = try await client.create(.newLeaf(id: device, parentScope: scope))
            action = .created
        } catch let failure where failure.kind == .conflict {
            current = try await client.device(device.rawValue)
            if current.hasParent(scope: scope) {
                action = .existed
            } else if setParentIfMissing {
                current = try await setParent(of: current, scope: scope)
                action = .parentSet
            } else {
                action = .parentMissing
            }
        }
        // The create answer carries the generated keys; read them when it did not.
        if current.primaryKey == nil {
            current = try await client.device(device.rawValue)
        }
        return DeviceRegistrationOutcome(action: action, device: current, edgeScope: scope)
    }

    /// Reads the device and the edge device's scope, changing nothing; a missing device is nil.
    public func inspect(device: DeviceID, edgeDevice: DeviceID) async throws(RegistryFailure) -> (device: RegistryDevice?, edgeScope: String) {
        let scope = try await edgeScope(edgeDevice)
        do {
            return (try await client.device(device.rawValue), scope)
        } catch let failure where failure.kind == .notFound {
            return (nil, scope)
        }
    }

    /// Sets the edge device as parent of an existing device, with `If-Match: etag` as read before:
    /// a 412 (someone changed the device since) is reported, not retried, so the engineer re-checks first.
    public func setParent(device: DeviceID, edgeDevice: DeviceID, etag: String) async throws(RegistryFailure) -> (device: RegistryDevice, edgeScope: String) {
        let scope = try await edgeScope(edgeDevice)
        let current = try await client.device(device.rawValue)
        if current.hasParent(scope: scope) { return (current, scope) }
        var updated = try await client.update(current.withParent(scope: scope), etag: etag)
        if updated.primaryKey == nil { updated = try await client.device(device.rawValue) }
        return (updated, scope)
    }

    /// The edge device's `deviceScope`, which a child's scope must equal.
    public func edgeScope(_ edgeDevice: DeviceID) async throws(RegistryFailure) -> String {
        let edge = try await client.device(edgeDevice.rawValue, what: "edge device \(edgeDevice.rawValue)")
        guard edge.isEdgeDevice else {
            throw RegistryFailure(kind: .notFound, headline: "\(edgeDevice.rawValue) in \(client.hub.hostName) is not an IoT Edge device",
                                  fix: "give the id of the gateway's IoT Edge identity (the one with 'IoT Edge device' ticked)")
        }
        guard let scope = edge.deviceScope, !scope.isEmpty else {
            throw RegistryFailure(kind: .notFound, headline: "edge device \(edgeDevice.rawValue) has no deviceScope",
                                  fix: "check the edge device in the portal; IoT Hub gives every edge device a scope")
        }
        return scope
    }

    /// PUT with `If-Match`; when the etag changed meanwhile (412), re-read and retry once.
    private func setParent(of device: RegistryDevice, scope: String) async throws(RegistryFailure) -> RegistryDevice {
        guard let etag = device.etag else {
            throw RegistryFailure(kind: .unexpectedStatus, headline: "IoT Hub sent device \(device.deviceId) without an etag", fix: "run the command again")
        }
        do {
            return try await client.update(device.withParent(scope: scope), etag: etag)
        } catch let failure where failure.kind == .preconditionFailed {
            let fresh = try await client.device(device.deviceId)
            if fresh.hasParent(scope: scope) { return fresh }
            guard let freshETag = fresh.etag else { throw failure }
            return try await client.update(fresh.withParent(scope: scope), etag: freshETag)
        }
    }
}
