import KepEdgeCore

/// Step 1's results: the TLS diagnosis (or the CA file's own check), and the export for the Kepware host.
enum CertificateScreen {
    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
        guard let export = state.certificate.export.value else { return }
        body.blank()
        body.text("Exported \(export.cerFile)", style: .ok)
        body.text("Thumbprint: \(export.windowsImport.thumbprint)", indent: 2)
        body.text("On the Kepware host (elevated): \(export.windowsImport.powerShellCommand)", indent: 2)
    }
}
