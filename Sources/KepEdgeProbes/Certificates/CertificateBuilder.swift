import COpenSSL
import Foundation
import KepEdgeCore

/// An RSA key owned by Swift.
final class OpenSSLKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init?(rsaBits: Int32) {
        guard let key = kepedge_EVP_RSA_gen(UInt32(rsaBits)) else { return nil }
        pointer = key
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`), as `openssl genpkey` writes it.
    var privateKeyPEM: Data {
        guard let bio = BIO_new(BIO_s_mem()) else { return Data() }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PrivateKey(bio, pointer, nil, nil, 0, nil, nil) == 1 else { return Data() }
        return OpenSSLText.memoryBIOData(bio)
    }
}

/// A certificate and the key it certifies.
struct IssuedCertificate {
    let certificate: OpenSSLCertificate
    let key: OpenSSLKey
}

/// Builds and signs one X.509 v3 certificate at a time with OpenSSL's X509 API.
struct CertificateBuilder {
    enum Kind {
        /// certGen.sh's `v3_ca`/`v3_intermediate_ca`: CA:TRUE, keyCertSign and cRLSign.
        case certificateAuthority
        /// certGen.sh's `server_cert`: CA:FALSE, serverAuth, SANs for each name (IP or DNS).
        case server(names: [String])
    }

    let keyBits: Int32

    /// Issues a certificate signed by `issuer`, or self-signed when `issuer` is nil.
    func issue(
        commonName: String, kind: Kind, validity: (notBefore: Date, notAfter: Date), issuer: IssuedCertificate?
    ) throws(CertificateChainGenerator.GenerationError) -> IssuedCertificate {
        guard let key = OpenSSLKey(rsaBits: keyBits) else { throw failure("cannot generate an RSA key") }
        guard let x509 = X509_new() else { throw failure("out of memory") }
        let certificate = OpenSSLCertificate(owning: x509)

        guard X509_set_version(x509, 2) == 1,  // v3
              setRandomSerial(x509),
              X509_set_pubkey(x509, key.pointer) == 1,
              ASN1_TIME_set(X509_getm_notBefore(x509), time_t(validity.notBefore.timeIntervalSince1970)) != nil,
              ASN1_TIME_set(X509_getm_notAfter(x509), time_t(validity.notAfter.timeIntervalSince1970)) != nil
        else { throw failure("cannot fill in the certificate for \(commonName)") }

        guard let subject = X509_get_subject_name(x509),
              X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1
        else { throw failure("cannot set the name \(commonName)") }
        let issuerCertificate = issuer?.certificate.pointer ?? x509
        guard X509_set_issuer_name(x509, X509_get_subject_name(issuerCertificate)) == 1 else {
            throw failure("cannot set the issuer of \(commonName)")
        }

        for (nid, value) in extensions(for: kind) {
            try addExtension(nid, value, to: x509, issuer: issuerCertificate)
        }
        guard X509_sign(x509, (issuer?.key ?? key).pointer, EVP_sha256()) > 0 else {
            throw failure("cannot sign the certificate for \(commonName)")
        }
        return IssuedCertificate(certificate: certificate, key: key)
    }

    private func extensions(for kind: Kind) -> [(Int32, String)] {
        switch kind {
        case .certificateAuthority:
            return [
                (NID_basic_constraints, "critical,CA:TRUE"),
                (NID_key_usage, "critical,digitalSignature,cRLSign,keyCertSign"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ]
        case .server(let names):
            let alternativeNames = names.map { IPAddressText.isIPAddress($0) ? "IP:\($0)" : "DNS:\($0)" }
            return [
                (NID_basic_constraints, "CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature,keyEncipherment"),
                (NID_ext_key_usage, "serverAuth"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid,issuer:always"),
                (NID_subject_alt_name, alternativeNames.joined(separator: ",")),
            ]
        }
    }

    private func addExtension(_ nid: Int32, _ value: String, to x509: OpaquePointer, issuer: OpaquePointer) throws(CertificateChainGenerator.GenerationError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer, x509, nil, nil, 0)
        guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
            throw failure("cannot add the extension \(value)")
        }
        defer { X509_EXTENSION_free(ext) }
        guard X509_add_ext(x509, ext, -1) == 1 else { throw failure("cannot add the extension \(value)") }
    }

    /// A random positive 128-bit serial number, as OpenSSL's `x509 -req` makes.
    private func setRandomSerial(_ x509: OpaquePointer) -> Bool {
        guard let number = BN_new() else { return false }
        defer { BN_free(number) }
        guard BN_rand(number, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1,
              let serial = BN_to_ASN1_INTEGER(number, nil) else { return false }
        defer { ASN1_INTEGER_free(serial) }
        return X509_set_serialNumber(x509, serial) == 1
    }

    private func failure(_ what: String) -> CertificateChainGenerator.GenerationError {
        let reasons = OpenSSLText.drainErrors()
        return CertificateChainGenerator.GenerationError(
            description: what + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"))
    }
}
