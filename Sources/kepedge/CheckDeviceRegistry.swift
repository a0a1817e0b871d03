import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Step 3 of `kepedge check`, read-only: the device exists, is enabled, has the edge device as parent,
/// and edgeHub routes its messages to `$upstream`. Nothing is created or changed.
struct DeviceRegistryCheck {
    let client: RegistryClient
    let device: DeviceID
    let edgeDevice: DeviceID

    func run() async -> [CheckResult] {
        let hub = client.hub.hostName
        let scope: String
        do { scope = try await DeviceRegistrar(client: client).edgeScope(edgeDevice) } catch {
            return [CheckResult(id: "edge-device", title: "edge device \(edgeDevice.rawValue) in \(hub)", status: .error,
                                details: [error.headline], fix: error.fix)]
        }
        let registered: RegistryDevice
        do {
            registered = try await client.device(device.rawValue)
        } catch let failure where failure.kind == .notFound {
            return [CheckResult(id: "device-exists", title: "device \(device.rawValue) is registered in \(hub)", status: .error,
                                details: [failure.headline],
                                fix: "register it under \(edgeDevice.rawValue): kepedge register --hub \(hub) --device \(device.rawValue) --edge-device \(edgeDevice.rawValue) --hub-owner-file FILE")]
        } catch {
            return [CheckResult(id: "device-exists", title: "device \(device.rawValue) is registered in \(hub)", status: .error,
                                details: [error.headline], fix: error.fix)]
        }
        var results = [CheckResult(id: "device-exists", title: "device \(device.rawValue) is registered in \(hub)", status: .ok),
                       DeviceRegistrar.enabledCheck(registered)]
        let parentTitle = "\(device.rawValue) has \(edgeDevice.rawValue) as parent"
        if registered.hasParent(scope: scope) {
            results.append(CheckResult(id: "device-parent", title: parentTitle, status: .ok))
        } else {
            results.append(CheckResult(
                id: "device-parent", title: parentTitle, status: .error,
                details: ["its deviceScope is \(registered.deviceScope ?? "not set"); edgeHub refuses a device that is not its child (CONNACK 5)"],
                fix: "kepedge register --set-parent …, or: az iot hub device-identity parent set --device-id \(device.rawValue) --parent-device-id \(edgeDevice.rawValue) -n \(client.hub.name)"))
        }
        do {
            results.append(try await client.edgeHubRoutes(edgeDevice: edgeDevice.rawValue).check(edgeDevice: edgeDevice.rawValue))
        } catch {
            results.append(CheckResult(id: "edgehub-routes", title: "edgeHub routes downstream messages to IoT Hub", status: .warning,
                                       details: ["the $edgeHub module twin could not be read: \(error.headline)"], fix: error.fix))
        }
        return results
    }
}
