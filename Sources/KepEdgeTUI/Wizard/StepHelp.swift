import KepEdgeCore

/// The help for one step (F1 or ?): what it does, what each field means, and what the manual
/// procedure (docs: "Azure IoT Edge - How to connect PTC/Kepware's KepServerEx") has you do by hand.
public struct StepHelp: Equatable, Sendable {
    public var does: String
    public var byHand: String

    public static func of(_ step: StepID) -> StepHelp {
        switch step {
        case .certificate:
            return StepHelp(
                does: "Finds the gateway's root CA, proves edgeHub's certificate chain verifies against it for the gateway name, and exports it as a .cer for the Kepware host.",
                byHand: "Copy $CERTDIR/certs/azure-iot-test-only.root.ca.cert.pem to the Kepware PC and import it with certlm.msc into Local Computer > Trusted Root Certification Authorities (not Personal).")
        case .names:
            return StepHelp(
                does: "Checks the gateway name resolves, matches edgeHub's certificate, and that port 8883 answers; gives the hosts-file line for the Kepware PC.",
                byHand: "Add a DNS entry, or a line in C:\\Windows\\System32\\drivers\\etc\\hosts, for the config's hostname; then ping it by that name from the Kepware PC.")
        case .device:
            return StepHelp(
                does: "Makes sure the Kepware device exists in IoT Hub, is enabled and has the edge device as parent (edgeHub refuses it otherwise). Without a hub-owner key, run the az commands shown and paste the device key.",
                byHand: "az iot hub device-identity create --device-id <device> --hub-name <hub> in Cloud Shell, then set the edge device as its parent.")
        case .sas:
            return StepHelp(
                does: "Signs a SAS token with the device key, here on the gateway; it is Kepware's MQTT password. Its expiry shows on every screen.",
                byHand: "az iot hub generate-sas-token --device-id <device> --hub-name <hub> --duration <seconds>, and note when it expires.")
        case .agent:
            return StepHelp(
                does: "Builds the MQTT Client agent's exact settings and pushes them through Kepware's Configuration API, or shows them to type into the agent dialog.",
                byHand: "IoT Gateway > Add Agent > MQTT Client: URL ssl://<gateway>:8883, topic devices/<device>/messages/events/ (trailing slash), client id <device>, username <hub>/<device>/?api-version=..., password the SAS token; then add IoT items.")
        case .validation:
            return StepHelp(
                does: "Connects as the device through the gateway (TLS, CONNACK) and publishes one message (PUBACK); the message pane shows Kepware's own events as they flow. The probe uses the device's client id, so edgeHub (like IoT Hub) drops Kepware's connection for a moment and Kepware reconnects: expected, not a fault.",
                byHand: "Watch Kepware's event log for the connected line, run iotedge logs -f edgeHub, and az iot hub monitor-events -n <hub>.")
        }
    }

    /// The help box's lines for `step`, wrapped to `width`.
    public static func lines(for step: StepID, width: Int) -> [String] {
        let help = of(step)
        var lines = CellGrid.wrap("\(step.rawValue) \(step.title): \(help.does)", width: width)
        let form = StepForm.of(step)
        if !form.fields.isEmpty { lines.append("") }
        for field in form.fields {
            lines += CellGrid.wrap("\(field.label): \(field.hint)", width: width)
        }
        lines.append("")
        lines += CellGrid.wrap("By hand: \(help.byHand)", width: width)
        lines.append("")
        lines += CellGrid.wrap("Keys: Tab/Shift-Tab fields, Enter runs, PgDn/PgUp (Ctrl-N/P) steps, Esc cancels or goes back, "
            + "F5 (or Shift-Down/Up, or the mouse wheel) scrolls the results without moving the focus, "
            + "Ctrl-O shows all of them full screen (F3 there writes the selected line to a file), "
            + "F2 reveal, F3 write values to a file, F4 pause messages, F6 filter (source:kepware), F7/F8 scroll, F9 clear, "
            + "F10 or q quit. On a button: its letter runs it.", width: width)
        return lines
    }
}
