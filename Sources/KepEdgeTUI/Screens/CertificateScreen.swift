import KepEdgeCore

/// Step 1's results: the TLS diagnosis (or the CA file's own check), and the export for the Kepware host.
enum CertificateScreen {
    static func checks(_ state: Wizard.State) -> [CheckResult] {
        var results: [CheckResult] = []
        if let failure = state.certificate.ca.failure { results.append(.failure(failure, id: "ca")) }
        results += CertificateStep.checks(state.certificate, now: state.now)
        if let failure = state.certificate.export.failure { results.append(.failure(failure, id: "export")) }
        return results
    }

    static func extras(_ state: Wizard.State, into body: inout BodyBuilder) {
        guard let export = state.certificate.export.value else { return }
        body.blank()
        body.text("Exported \(export.cerFile)", style: .ok)
        body.text("Thumbprint: \(export.windowsImport.thumbprint)", indent: 2)
        body.text("On the Kepware host (elevated): \(export.windowsImport.powerShellCommand)", indent: 2)
    }
}

extension CheckResult {
    /// An effect's failure as an error verdict with its fix.
    static func failure(_ failure: StepFailure, id: String) -> CheckResult {
        CheckResult(id: id, title: failure.message, status: .error, fix: failure.fix)
    }
}
