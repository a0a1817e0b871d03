import Foundation

/// A throw-away PKI made with the `openssl` command line: a root CA and a server certificate for `localhost`
/// (SAN `DNS:localhost`, serverAuth) it signed, plus an unrelated root for "wrong CA" tests.
/// Stands in until the shared certificate-chain generator lands; the files live as long as the value.
public final class TestCertificates: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public var rootCAFile: String { directory.file("root-ca.pem") }
    public var serverCertificateFile: String { directory.file("server.pem") }
    public var serverKeyFile: String { directory.file("server.key") }
    /// A root that signed nothing the server sends.
    public var unrelatedRootCAFile: String { directory.file("other-root-ca.pem") }

    /// The broker fixture's TLS files for this server certificate.
    public var brokerTLS: MosquittoBroker.TLSFiles {
        MosquittoBroker.TLSFiles(certificateChainFile: serverCertificateFile, keyFile: serverKeyFile)
    }

    public init() throws {
        directory = try TemporaryDirectory(prefix: "kepedge-certs")
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", directory.file("root-ca.key"), "-out", rootCAFile, "-days", "2",
                     "-subj", "/CN=kepedge test root", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req", "-x509"] + ec + ["-keyout", directory.file("other-root-ca.key"), "-out", unrelatedRootCAFile, "-days", "2",
                     "-subj", "/CN=kepedge unrelated root", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req"] + ec + ["-keyout", serverKeyFile, "-out", directory.file("server.csr"), "-subj", "/CN=localhost"])
        let extensions = try directory.write("server.ext", "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n")
        try openssl(["x509", "-req", "-in", directory.file("server.csr"), "-CA", rootCAFile, "-CAkey", directory.file("root-ca.key"),
                     "-CAcreateserial", "-out", serverCertificateFile, "-days", "2", "-extfile", extensions])
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errorFile = directory.file("openssl.err")
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        defer { try? errors.close() }
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            throw FixtureError("openssl \(arguments.first ?? "") did not finish within 20 s")
        }
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
            throw FixtureError("openssl \(arguments.joined(separator: " ")) failed: \(message)")
        }
    }
}
