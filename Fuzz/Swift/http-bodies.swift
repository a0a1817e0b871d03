import Foundation
@testable import KepEdgeCore

/// Bodies from the IoT Hub registry and Kepware's Configuration API: error bodies, devices, the edgeHub
/// twin's routes, Kepware's 207 multi-status and event log, any JSON value. Properties: never traps.
func fuzz(_ data: Data) {
    _ = RegistryErrorBody(json: data)
    _ = KepwareMultiStatus(json: data)
    if let routes = EdgeHubRoutes(twinJSON: data) { _ = routes.check(edgeDevice: "lab-edge") }
    let decoder = JSONDecoder()
    if let device = try? decoder.decode(RegistryDevice.self, from: data) {
        _ = device.description
        _ = device.hasParent(scope: "ms-azure-iot-edge://lab-edge-638c1")
    }
    if let entries = try? decoder.decode([KepwareEventLogEntry].self, from: data) {
        for entry in entries.prefix(16) {
            _ = entry.saysConnected(agent: "kepware-01", url: nil)
            _ = entry.isProblem(mentioning: "kepware-01", url: "ssl://gw:8883")
        }
    }
    _ = try? decoder.decode(JSONValue.self, from: data)
}
