import Foundation
import NIOSSL

/// Test certificates made with the real `openssl` command: a CA and a server certificate it signs
/// (for the fake hub), or one self-signed certificate (like Kepware's instance certificate).
public struct LabCertificates: Sendable {
    /// The file a client trusts: the CA (chain) or the self-signed certificate itself.
    public let caFile: String
    public let certificateFile: String
    public let keyFile: String

    /// A CA and a server certificate for 127.0.0.1 and `names`, in `directory`.
    public static func makeChain(in directory: String, names: [String]) throws -> LabCertificates {
        let ca = "\(directory)/lab-ca.pem", caKey = "\(directory)/lab-ca.key"
        let cert = "\(directory)/lab-server.pem", key = "\(directory)/lab-server.key", csr = "\(directory)/lab-server.csr"
        let ext = "\(directory)/lab-server.ext"
        try runOpenSSL(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=kepedge lab CA", "-keyout", caKey, "-out", ca,
                        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try runOpenSSL(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                        "-subj", "/CN=\(names.first ?? "localhost")", "-keyout", key, "-out", csr])
        let alternatives = (["IP:127.0.0.1"] + names.map { "DNS:\($0)" }).joined(separator: ",")
        try "subjectAltName=\(alternatives)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n".write(toFile: ext, atomically: true, encoding: .utf8)
        try runOpenSSL(["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-days", "2", "-out", cert, "-extfile", ext])
        return LabCertificates(caFile: ca, certificateFile: cert, keyFile: key)
    }

    /// One self-signed certificate for 127.0.0.1, like Kepware's Configuration API instance certificate.
    public static func makeSelfSigned(in directory: String, name: String) throws -> LabCertificates {
        let cert = "\(directory)/\(name).pem", key = "\(directory)/\(name).key"
        try runOpenSSL(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=\(name)", "-keyout", key, "-out", cert, "-addext", "subjectAltName=IP:127.0.0.1"])
        return LabCertificates(caFile: cert, certificateFile: cert, keyFile: key)
    }

    /// A server TLS context presenting this certificate.
    public func serverContext() throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }

    /// SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it (`AB:CD:…`).
    public func fingerprint() throws -> String {
        let output = try Self.runOpenSSL(["x509", "-in", certificateFile, "-noout", "-fingerprint", "-sha256"])
        guard let equals = output.lastIndex(of: "=") else { throw LabError("openssl printed no fingerprint") }
        return output[output.index(after: equals)...].trimmingCharacters(in: CharacterSet.whitespacesAndNewlines)
    }

    /// Runs blocking certificate work (openssl processes) on a dispatch thread, not Swift's small cooperative pool,
    /// so tests running beside it keep their timing.
    static func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    @discardableResult
    static func runOpenSSL(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LabError("openssl \(arguments.first ?? "") failed (\(process.terminationStatus))") }
        return String(decoding: data, as: UTF8.self)
    }
}
