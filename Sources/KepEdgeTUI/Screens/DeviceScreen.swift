import KepEdgeCore

/// Step 3's results: what IoT Hub said about the device and its parent, or the az commands to run
/// when there is no hub-owner key.
enum DeviceScreen {
    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
        guard state.device.ownerConnectionString.isEmpty, state.device.registration.value == nil,
              let hub = state.device.hub, let device = state.device.device, let edge = state.device.edgeDevice else { return }
        body.blank()
        body.text("Without a hub-owner key: run in Cloud Shell, then paste the device connection string:", style: .bold)
        for command in AzCLICommands.register(hub: hub, device: device, edgeDevice: edge) { body.text(command, indent: 2) }
    }
}
