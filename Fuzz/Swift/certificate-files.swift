// fuzz-sources: Sources/KepEdgeProbes/Certificates/CertificateFile.swift Sources/KepEdgeProbes/Certificates/OpenSSLCertificate.swift Sources/KepEdgeProbes/Certificates/CertificateFileError.swift Sources/KepEdgeProbes/Files/BoundedFile.swift
// fuzz-c-modules: Sources/COpenSSL
import Foundation
@testable import KepEdgeCore

/// Certificate files as `--ca`, `certs show` and `certs export` read them (PEM with one or many blocks, or
/// DER), through OpenSSL (the system library: it is fuzzed upstream on OSS-Fuzz, so only kepedge's own code
/// around it is instrumented here). Properties: never traps; every certificate read has its DER, and that
/// DER read again gives the same summary (subject, issuer, dates, fingerprint).
func fuzz(_ data: Data) {
    guard let certificates = try? CertificateFile.parse(data, path: "fuzz.pem") else { return }
    for certificate in certificates.prefix(4) {
        let summary = certificate.summary
        let der = certificate.der
        guard !der.isEmpty, let again = OpenSSLCertificate(der: der) else { fuzzFailure("a certificate read has no DER that reads back") }
        if again.summary != summary { fuzzFailure("summary changed through DER: \(summary) became \(again.summary)") }
    }
}
