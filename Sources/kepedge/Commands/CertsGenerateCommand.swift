import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// `kepedge certs generate`: a dev/test chain like IoT Edge's certGen.sh, with its file names.
struct CertsGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a dev/test chain like certGen.sh: root, intermediate, edge CA and edgeHub-style server certificate.",
        discussion: """
            Files (certGen.sh names, under --out):
              certs/azure-iot-test-only.root.ca.cert.pem            root CA (trust_bundle_cert; import on the Kepware host)
              certs/azure-iot-test-only.intermediate.cert.pem       and …intermediate-full-chain.cert.pem
              certs/iot-edge-device-ca-NAME.cert.pem                edge CA, CN NAME.ca, and …-full-chain.cert.pem ([edge_ca] cert)
              certs/iot-edge-server-HOST.cert.pem                   server certificate: SANs HOST and edgeHub, serverAuth
              certs/iot-edge-server-HOST-full-chain.cert.pem        server, edge CA, intermediate, root (what a TLS server serves)
              private/*.key.pem                                     keys, mode 0600, unencrypted ([edge_ca] pk uses the edge CA's)
            RSA 2048 (certGen.sh uses 4096 for CAs; 2048 is faster and enough for tests) and SHA-256.
            For tests and development only: certGen.sh's certificates last 30 days, like these by default.
            """
    )

    @Option(help: "The gateway's hostname, as the IoT Edge config's `hostname` sets it.")
    var hostname: String

    @Option(help: "Folder to write certs/ and private/ into (created when missing; existing files are not overwritten).")
    var out: String

    @Option(help: "Days the certificates are valid.")
    var days: Int = 30

    @Option(help: "certGen.sh's edge CA name (files iot-edge-device-ca-NAME…, CN NAME.ca); default: the hostname.")
    var name: String?

    @Option(name: .customLong("not-before"), help: .hidden)
    var serverNotBefore: String?

    @Option(name: .customLong("not-after"), help: .hidden)
    var serverNotAfter: String?

    @Flag(help: "Print the paths written as JSON.")
    var json = false

    func run() throws {
        try Self.validateName(hostname, option: "--hostname")
        if let name { try Self.validateName(name, option: "--name") }
        try NumberOptions.whole(days, option: "--days", unit: "days", in: 1...3650)
        var request = CertificateChainGenerator.Request(hostname: hostname, deviceCAName: name, days: days)
        request.serverNotBefore = try serverNotBefore.map { try Self.parseDate($0, option: "--not-before") }
        request.serverNotAfter = try serverNotAfter.map { try Self.parseDate($0, option: "--not-after") }

        let existing = Self.plannedFiles(request).map { URL(fileURLWithPath: out).appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        if let first = existing.first {
            throw CLIFailure.input("--out \(out): \(first) already exists; choose an empty folder (kepedge never overwrites certificates or keys)")
        }
        let chain: CertificateChainGenerator.GeneratedChain
        do {
            chain = try CertificateChainGenerator.generate(request, into: out)
        } catch {
            throw CLIFailure.input("--out \(out): \(error.description)")
        }
        if json {
            try JSONOutput.print(chain)
            return
        }
        print("wrote a dev/test chain for \(hostname) (valid \(days) day\(days == 1 ? "" : "s"); for tests only):")
        for file in chain.allFiles { print("  " + file) }
        print("IoT Edge config.toml: trust_bundle_cert = \"file://\(chain.rootCertificate)\"")
        print("  [edge_ca] cert = \"file://\(chain.deviceCAFullChain)\"")
        print("  [edge_ca] pk = \"file://\(chain.deviceCAKey)\"")
    }

    static func plannedFiles(_ request: CertificateChainGenerator.Request) -> [String] {
        typealias Names = CertificateChainGenerator.FileNames
        return [Names.rootCertificate, Names.rootKey, Names.intermediateCertificate, Names.intermediateFullChain,
                Names.intermediateKey, Names.deviceCACertificate(request.deviceCAName), Names.deviceCAFullChain(request.deviceCAName),
                Names.deviceCAKey(request.deviceCAName), Names.serverCertificate(request.hostname),
                Names.serverFullChain(request.hostname), Names.serverKey(request.hostname)]
    }

    /// Names become file names and certificate names: letters, digits, `.`, `-`, `_`, `:` only.
    static func validateName(_ value: String, option: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_:"))
        guard !value.isEmpty, value.count <= 64, value.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }) else {
            throw CLIFailure.input("\(option) '\(value)': give a host name of letters, digits, '.', '-' (at most 64 characters)")
        }
    }

    static func parseDate(_ text: String, option: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw CLIFailure.input("\(option) '\(text)': give an ISO 8601 UTC time, e.g. 2026-01-31T00:00:00Z")
        }
        return date
    }
}
