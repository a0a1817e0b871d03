import Foundation
import KepEdgeCore
import KepEdgeProbes

/// The broker plugin's devices file (docs/lab-broker-auth.md), written from the fake hub's registry:
/// every leaf device with its keys, scope and status. Atomic (the plugin re-reads it by inode) and 0600.
enum LabDevicesFile {
    static func text(for devices: [RegistryDevice]) -> String {
        var lines = ["# kepedge lab devices (from the lab's IoT Hub): deviceId primaryKey secondaryKey deviceScope enabled"]
        for device in devices where !device.isEdgeDevice {
            let keys = device.authentication?.symmetricKey
            let scope = device.deviceScope.flatMap { $0.isEmpty ? nil : $0 } ?? "-"
            lines.append([device.deviceId, keys?.primaryKey ?? "-", keys?.secondaryKey ?? "-", scope,
                          String(device.status != "disabled")].joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(_ devices: [RegistryDevice], to path: String) throws(AtomicFileWriter.WriteError) {
        try AtomicFileWriter.write(Data(text(for: devices).utf8), to: path, mode: 0o600)
    }
}
