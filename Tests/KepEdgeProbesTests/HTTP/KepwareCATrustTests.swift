import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// Issue 17, item 6: `--kepware-ca` with a site CA must not hand the Kepware password to any server that
/// CA signed. The server here is the real `openssl s_server`, presenting a certificate the CA issued.
@Suite(.serialized) struct KepwareCATrustTests {
    /// A CA, and a server certificate it signs for `names` only (DNS names; no IP address).
    static func chain(in folder: TemporaryDirectory, names: [String]) throws -> (ca: String, cert: String, key: String) {
        let ca = folder.file("ca.pem"), caKey = folder.file("ca.key"), cert = folder.file("server.pem"), key = folder.file("server.key")
        let csr = folder.file("server.csr"), ext = try folder.write("server.ext", "subjectAltName=" + names.map { "DNS:\($0)" }.joined(separator: ",") + "\nbasicConstraints=CA:FALSE\n")
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=site CA",
                     "-keyout", caKey, "-out", ca, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=\(names[0])", "-keyout", key, "-out", csr])
        try openssl(["x509", "-req", "-in", csr, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-days", "2", "-out", cert, "-extfile", ext])
        return (ca, cert, key)
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("openssl \(arguments.first ?? "") failed") }
    }

    @Test("a CA file: a server of that CA whose certificate does not name the host is refused at TLS; nothing is sent")
    func otherServerOfTheCARefused() async throws {
        let folder = try TemporaryDirectory()
        let files = try Self.chain(in: folder, names: ["historian.plant.local"])
        let port = try LoopbackPort.free()
        let server = try ChildProcess(executable: "/usr/bin/openssl",
                                      arguments: ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", files.cert, "-key", files.key, "-www", "-quiet"],
                                      stdout: .file(folder.file("s_server.log")), environment: .inherited)
        defer { server.stop() }
        try await LoopbackPort.waitUntilAccepting(port, timeout: 10)
        let endpoint = try KepwareEndpoint(host: "127.0.0.1", port: port, https: true)
        do {
            let client = try await KepwareConfigClient(endpoint: endpoint, user: "Administrator", password: Secret("plant-pass"),
                                                       trust: .certificateFile(files.ca), connectTimeout: 5, readTimeout: 5)
            defer { Task { await client.shutdown() } }
            _ = try await client.about()
            Issue.record("the API answered through a certificate issued for another host")
        } catch {
            #expect(error.kind == .tls, "\(error)")
        }
    }

    @Test("the server's own (self-signed, like Kepware's instance) certificate as the file is pinned by SHA-256 and works without a name match")
    func ownCertificatePinned() async throws {
        let folder = try TemporaryDirectory()
        let files = (ca: folder.file("instance.pem"), cert: folder.file("instance.pem"), key: folder.file("instance.key"))
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                          "-subj", "/CN=kepware-instance", "-keyout", files.key, "-out", files.cert])
        let port = try LoopbackPort.free()
        let server = try ChildProcess(executable: "/usr/bin/openssl",
                                      arguments: ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", files.cert, "-key", files.key, "-www", "-quiet"],
                                      stdout: .file(folder.file("s_server.log")), environment: .inherited)
        defer { server.stop() }
        try await LoopbackPort.waitUntilAccepting(port, timeout: 10)
        let endpoint = try KepwareEndpoint(host: "127.0.0.1", port: port, https: true)
        do {
            let client = try await KepwareConfigClient(endpoint: endpoint, user: "Administrator", password: Secret("plant-pass"),
                                                       trust: .certificateFile(files.cert), connectTimeout: 5, readTimeout: 5)
            defer { Task { await client.shutdown() } }
            _ = try await client.about()
            Issue.record("s_server's status page is not the Configuration API's JSON")
        } catch {
            // TLS passed: what failed is the answer (s_server's HTML status page), not the certificate.
            #expect(error.kind != .tls && error.kind != .connection, "\(error)")
        }
    }
}
