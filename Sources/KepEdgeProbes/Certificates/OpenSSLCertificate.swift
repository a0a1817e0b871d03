import COpenSSL
import Foundation
import KepEdgeCore

/// One X509 owned by Swift: freed when released. Internal, so OpenSSL types never leave this module.
final class OpenSSLCertificate: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference).
    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Adds a reference to a certificate OpenSSL still owns (e.g. from a peer chain).
    init(borrowing pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.pointer = pointer
    }

    /// Parses one DER certificate; nil when the bytes are not exactly one certificate.
    convenience init?(der: Data) {
        let parsed: OpaquePointer? = der.withUnsafeBytes { raw -> OpaquePointer? in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let certificate = d2i_X509(nil, &cursor, raw.count) else { return nil }
            // Trailing bytes mean this is not a DER certificate file, whatever parsed first.
            if let cursor, cursor - base != raw.count {
                X509_free(certificate)
                return nil
            }
            return certificate
        }
        guard let parsed else { return nil }
        self.init(owning: parsed)
    }

    deinit {
        X509_free(pointer)
    }

    var der: Data {
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(pointer, &buffer)
        guard length > 0, let buffer else { return Data() }
        defer { kepedge_OPENSSL_free(buffer) }
        return Data(bytes: buffer, count: Int(length))
    }

    var pem: String {
        OpenSSLText.withMemoryBIO { bio in _ = PEM_write_bio_X509(bio, pointer) }
    }

    var summary: CertificateSummary {
        CertificateSummary(
            subject: Self.name(X509_get_subject_name(pointer)),
            issuer: Self.name(X509_get_issuer_name(pointer)),
            subjectAlternativeNames: subjectAlternativeNames,
            notBefore: Self.date(X509_get0_notBefore(pointer)),
            notAfter: Self.date(X509_get0_notAfter(pointer)),
            isCA: X509_get_extension_flags(pointer) & UInt32(EXFLAG_CA) != 0,
            sha1Fingerprint: fingerprint(EVP_sha1()),
            sha256Fingerprint: fingerprint(EVP_sha256()))
    }

    /// `DNS:gw01`, `IP Address:10.0.0.10`, as `openssl x509 -text` prints them.
    var subjectAlternativeNames: [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { kepedge_GENERAL_NAMES_free(names) }
        return (0..<kepedge_sk_GENERAL_NAME_num(names)).compactMap { index in
            guard let name = kepedge_sk_GENERAL_NAME_value(names, index) else { return nil }
            return OpenSSLText.withMemoryBIO { bio in _ = GENERAL_NAME_print(bio, name) }
        }
    }

    /// The subject's common name, e.g. `gw01`, or nil.
    var commonName: String? {
        let name = X509_get_subject_name(pointer)
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
              let data = X509_NAME_ENTRY_get_data(entry) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { kepedge_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    /// Uppercase hex, colon separated, as `openssl x509 -fingerprint` prints it.
    func fingerprint(_ digest: OpaquePointer?) -> String {
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, digest, &bytes, &length) == 1 else { return "" }
        return bytes.prefix(Int(length)).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    static func name(_ name: OpaquePointer?) -> String {
        OpenSSLText.withMemoryBIO { bio in _ = X509_NAME_print_ex(bio, name, 0, kepedge_name_flags_rfc2253_utf8()) }
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

/// Small helpers for OpenSSL's text output and error queue.
enum OpenSSLText {
    /// Runs `body` with a fresh memory BIO and returns what it wrote, as UTF-8.
    static func withMemoryBIO(_ body: (OpaquePointer) -> Void) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        body(bio)
        return String(decoding: memoryBIOData(bio), as: UTF8.self)
    }

    static func memoryBIOData(_ bio: OpaquePointer) -> Data {
        var start: UnsafeMutablePointer<CChar>?
        let length = kepedge_BIO_get_mem_data(bio, &start)
        guard length > 0, let start else { return Data() }
        return Data(bytes: start, count: length)
    }

    /// The reasons on OpenSSL's error queue (oldest first), and clears it.
    static func drainErrors() -> [String] {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                reasons.append("OpenSSL error \(code)")
            }
        }
        return reasons
    }
}
