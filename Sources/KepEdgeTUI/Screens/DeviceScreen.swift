import KepEdgeCore

/// Step 3's results: what IoT Hub said about the device and its parent, or the az commands to run
/// when there is no hub-owner key.
enum DeviceScreen {
    static func checks(_ state: Wizard.State) -> [CheckResult] {
        if let failure = state.device.registration.failure { return [.failure(failure, id: "registry")] }
        guard let registration = state.device.registration.value else { return [] }
        var results = [CheckResult(
            id: "device", title: "\(registration.deviceID) \(registration.created ? "created" : "exists") in IoT Hub",
            status: registration.enabled ? .ok : .error, details: [registration.enabled ? "enabled" : "disabled"])]
        results.append(CheckResult(
            id: "parent", title: registration.parentIsSet ? "parent is the edge device" : "no parent: edgeHub will refuse it (CONNACK 5)",
            status: registration.parentIsSet ? .ok : .error,
            details: ["device scope: \(registration.deviceScope ?? "(none)")"],
            fix: registration.parentIsSet ? nil : "Use Set parent (P on the buttons) to make \(state.device.edgeDeviceIDText) its parent."))
        if registration.routesToUpstream == false {
            results.append(CheckResult(id: "routes", title: "edgeHub has no route to $upstream", status: .warning,
                                       fix: "Add a route FROM /messages/* INTO $upstream in the edge deployment."))
        }
        return results
    }

    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
        guard state.device.ownerConnectionString.isEmpty, state.device.registration.value == nil,
              let hub = state.device.hub, let device = state.device.device, let edge = state.device.edgeDevice else { return }
        body.blank()
        body.text("Without a hub-owner key: run in Cloud Shell, then paste the device connection string:", style: .bold)
        for command in AzCLICommands.register(hub: hub, device: device, edgeDevice: edge) { body.text(command, indent: 2) }
    }
}
