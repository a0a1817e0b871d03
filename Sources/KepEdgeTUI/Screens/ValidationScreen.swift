import KepEdgeCore

/// Step 6's results beside the TLS, CONNACK and PUBACK verdicts: whether Kepware's own messages flow.
enum ValidationScreen {
    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
        if ValidationStep.checks(state.validation, now: state.now).isEmpty {
            body.text(clientIDNote(device: state.device.device?.rawValue), style: .muted)
        }
        let kepware = state.messages.all.filter { $0.source == .kepware }
        guard let last = kepware.last else { return }
        body.blank()
        body.text("Kepware messages seen: \(kepware.count)", style: .ok)
        if let rows = last.rows, !rows.isEmpty {
            for row in rows.prefix(3) { body.text("\(row.tag) = \(row.value) (\(row.quality.rawValue))", indent: 2) }
        } else {
            body.text(last.text, indent: 2)
        }
    }

    /// Said before the probe runs: IoT Hub and edgeHub allow one connection per client id, so the probe
    /// (which connects as the device) briefly takes Kepware's place.
    static func clientIDNote(device: String?) -> String {
        let client = device ?? "the device"
        return "Validate connects as \(client) with its client id: edgeHub drops Kepware's own connection for a moment "
            + "(Client \(client) disconnected) and Kepware reconnects by itself. IoT Hub does the same."
    }
}
