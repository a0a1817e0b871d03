import KepEdgeCore

/// Step 6's results beside the TLS, CONNACK and PUBACK verdicts: whether Kepware's own messages flow.
enum ValidationScreen {
    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
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
}
