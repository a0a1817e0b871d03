import Foundation
@testable import KepEdgeCore

/// Connection strings (device and hub owner), hub host names, device ids and keys as pasted into a flag
/// or the wizard. Properties: parsing never traps; a parsed string's description never shows its key.
func fuzz(_ data: Data) {
    let input = text(data)
    if let device = try? DeviceConnectionString(parsing: input) {
        let key = device.key.base64.revealed
        if key.count >= 8, String(describing: device).contains(key) { fuzzFailure("device connection string description shows the key") }
    }
    if let owner = try? HubOwnerConnectionString(parsing: input) {
        _ = String(describing: owner)
    }
    _ = try? IoTHubHost(parsing: input)
    _ = try? DeviceID(validating: input)
    _ = try? SharedAccessKey(base64: input)
}
