import COpenSSL
import Foundation
import KepEdgeCore

/// A file of one or more X.509 certificates: PEM (one or many `BEGIN CERTIFICATE` blocks) or DER (one).
public struct CertificateFile: Sendable {
    public enum Encoding: String, Codable, Sendable {
        case pem
        case der
    }

    public let path: String
    public let encoding: Encoding
    /// In file order.
    public let summaries: [CertificateSummary]
    /// Each certificate's DER bytes, in file order.
    public let derCertificates: [Data]

    /// Certificates bigger than this are not certificate files (a bundle of 200 roots is ~250 KB).
    static let maximumSize = 8 * 1024 * 1024

    /// Reads and parses `path`; every failure is a `CertificateFileError` naming the file.
    public static func read(path: String) throws(CertificateFileError) -> CertificateFile {
        let data = try readBytes(path: path)
        let certificates = try parse(data, path: path)
        let encoding: Encoding = looksLikePEM(data) ? .pem : .der
        return CertificateFile(
            path: path, encoding: encoding, summaries: certificates.map(\.summary),
            derCertificates: certificates.map(\.der))
    }

    /// The certificate a Windows Root store needs from this file: the only one, or the one
    /// self-issued CA among several (the root of a full chain).
    public var rootCandidateIndex: Int? {
        if summaries.count == 1 { return 0 }
        let roots = summaries.indices.filter { summaries[$0].isSelfIssued && summaries[$0].isCA }
        return roots.count == 1 ? roots[0] : nil
    }

    // MARK: - Parsing (internal: the TLS probe loads CA files with it)

    static func readBytes(path: String) throws(CertificateFileError) -> Data {
        let data: Data
        do { data = try BoundedFile.read(path: path, limit: maximumSize) } catch {
            switch error {
            case .isADirectory: throw CertificateFileError(path: path, problem: "is a directory, not a certificate file")
            case .notReadable(let reason) where reason.contains("ermission"):
                throw CertificateFileError(path: path, problem: "is not readable (permission denied: run with sudo)")
            case .tooLarge: throw CertificateFileError(path: path, problem: "holds more than \(maximumSize / 1024 / 1024) MB, too big to be a certificate file")
            default: throw CertificateFileError(path: path, problem: error.description)
            }
        }
        guard !data.isEmpty else {
            throw CertificateFileError(path: path, problem: "is empty; expected a PEM or DER certificate")
        }
        return data
    }

    static func parse(_ data: Data, path: String) throws(CertificateFileError) -> [OpenSSLCertificate] {
        if looksLikePEM(data) {
            return try parsePEM(data, path: path)
        }
        guard let certificate = OpenSSLCertificate(der: data) else {
            throw CertificateFileError(
                path: path,
                problem: "is neither a PEM certificate (no -----BEGIN CERTIFICATE----- line) nor a DER certificate")
        }
        return [certificate]
    }

    private static func looksLikePEM(_ data: Data) -> Bool {
        data.range(of: Data("-----BEGIN ".utf8)) != nil
    }

    private static func parsePEM(_ data: Data, path: String) throws(CertificateFileError) -> [OpenSSLCertificate] {
        let text = String(decoding: data, as: UTF8.self)
        let expected = text.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1
        guard expected > 0 else {
            let kinds = blockKinds(in: text)
            let found = kinds.isEmpty ? "" : " (it holds \(kinds.joined(separator: ", ")))"
            throw CertificateFileError(path: path, problem: "holds no certificate\(found)")
        }
        _ = OpenSSLText.drainErrors()
        var certificates: [OpenSSLCertificate] = []
        let parsed: Result<[OpenSSLCertificate], CertificateFileError> = data.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                return .failure(CertificateFileError(path: path, problem: "cannot be parsed (out of memory)"))
            }
            defer { BIO_free(bio) }
            // PEM_read_bio_X509 skips other block types and stops at the end, or at a broken block.
            while let certificate = kepedge_PEM_read_bio_X509(bio) {
                certificates.append(OpenSSLCertificate(owning: certificate))
            }
            let reasons = OpenSSLText.drainErrors().filter { $0 != "no start line" }
            if certificates.count < expected {
                let reason = reasons.first.map { " (\($0))" } ?? ""
                return .failure(CertificateFileError(
                    path: path,
                    problem: "certificate \(certificates.count + 1) of \(expected) is malformed\(reason); re-copy the file as it was issued"))
            }
            return .success(certificates)
        }
        return try parsed.get()
    }

    /// `PRIVATE KEY`, `CERTIFICATE REQUEST`, … from the file's BEGIN lines.
    private static func blockKinds(in text: String) -> [String] {
        var kinds: [String] = []
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("-----BEGIN ") && line.hasSuffix("-----") {
            let kind = String(line.dropFirst(11).dropLast(5))
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }
}
