import Foundation
@testable import KepEdgeCore

/// Connection strings (device and hub owner), hub host names, device ids and keys as pasted into a flag
/// or the wizard. Properties: parsing never traps; a parsed string's description never shows its key in
/// its SharedAccessKey field (the key's text may still occur by chance inside the host or device name, as
/// the fuzzer found with the key `ostName=` inside `HostName=`: that is no leak).
func fuzz(_ data: Data) {
    let input = text(data)
    if let device = try? DeviceConnectionString(parsing: input) {
        let key = device.key.base64.revealed
        if String(describing: device).contains("SharedAccessKey=\(key)") { fuzzFailure("device connection string description shows the key") }
    }
    if let owner = try? HubOwnerConnectionString(parsing: input),
       String(describing: owner).contains("SharedAccessKey=\(owner.key.base64.revealed)") {
        fuzzFailure("hub-owner connection string description shows the key")
    }
    _ = try? IoTHubHost(parsing: input)
    _ = try? DeviceID(validating: input)
    _ = try? SharedAccessKey(base64: input)
}
