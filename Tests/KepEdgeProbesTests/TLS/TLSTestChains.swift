import Foundation
import KepEdgeProbes
import KepEdgeTestSupport

/// Every chain the TLS tests serve, generated once per test that needs them (RSA 2048).
/// The server name is `localhost`, so the probe resolves it and `s_client` can verify it.
struct TLSTestChains: Sendable {
    static let hostname = "localhost"

    let folder: TemporaryDirectory
    let good: CertificateChainGenerator.GeneratedChain
    let wrongHost: CertificateChainGenerator.GeneratedChain
    let expired: CertificateChainGenerator.GeneratedChain
    let notYetValid: CertificateChainGenerator.GeneratedChain
    let selfSigned: CertificateChainGenerator.GeneratedServerCertificate

    init() throws {
        folder = try TemporaryDirectory(prefix: "kepedge-tls-chains")
        let now = Date()
        good = try CertificateChainGenerator.generate(.init(hostname: Self.hostname), into: folder.file("good"))
        wrongHost = try CertificateChainGenerator.generate(.init(hostname: "gw-other.plant.local"), into: folder.file("wrong-host"))

        var expiredRequest = CertificateChainGenerator.Request(hostname: Self.hostname, days: 365)
        expiredRequest.serverNotBefore = now.addingTimeInterval(-60 * 86_400)
        expiredRequest.serverNotAfter = now.addingTimeInterval(-30 * 86_400)
        expired = try CertificateChainGenerator.generate(expiredRequest, into: folder.file("expired"))

        var futureRequest = CertificateChainGenerator.Request(hostname: Self.hostname, days: 365)
        futureRequest.serverNotBefore = now.addingTimeInterval(30 * 86_400)
        futureRequest.serverNotAfter = now.addingTimeInterval(60 * 86_400)
        notYetValid = try CertificateChainGenerator.generate(futureRequest, into: folder.file("not-yet-valid"))

        selfSigned = try CertificateChainGenerator.selfSigned(
            hostname: Self.hostname, notBefore: now.addingTimeInterval(-60), notAfter: now.addingTimeInterval(30 * 86_400),
            into: folder.file("self-signed"))
    }
}

/// One mosquitto with a TLS listener per served chain (the first listener is the broker's own port).
struct TLSTestServer {
    let broker: MosquittoBroker
    /// Port per served certificate file.
    let ports: [String: Int]

    /// `served`: (label, certificate chain file, key file); the first becomes the broker's main listener.
    init(served: [(label: String, chain: String, key: String)]) throws {
        guard let first = served.first else { throw FixtureError("nothing to serve") }
        var ports: [String: Int] = [:]
        for entry in served {
            ports[entry.label] = try Self.freePort(excluding: Array(ports.values))
        }
        var extra: [String] = []
        for entry in served.dropFirst() {
            extra += ["listener \(ports[entry.label] ?? 0) 127.0.0.1", "certfile \(entry.chain)", "keyfile \(entry.key)"]
        }
        broker = try MosquittoBroker(
            tls: .init(certificateChainFile: first.chain, keyFile: first.key), port: ports[first.label],
            extraConfiguration: extra)
        self.ports = ports
    }

    func start() async throws {
        try await broker.start(timeout: 20)
        for port in ports.values {
            try await LoopbackPort.waitUntilAccepting(port, timeout: 20)
        }
    }

    private static func freePort(excluding used: [Int]) throws -> Int {
        for _ in 0..<20 {
            let port = try LoopbackPort.free()
            if !used.contains(port) { return port }
        }
        throw FixtureError("no free port")
    }
}
