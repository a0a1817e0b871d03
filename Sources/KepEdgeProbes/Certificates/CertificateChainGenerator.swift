import COpenSSL
import Foundation
import KepEdgeCore

/// Makes a dev/test certificate chain like IoT Edge's `certGen.sh`, through the OpenSSL C API:
/// root → intermediate → edge device CA (`<name>.ca`) → server certificate for the gateway's
/// hostname (SANs: the hostname and `edgeHub`, serverAuth).
///
/// Keys are RSA 2048 (certGen.sh uses 4096 for its CAs; 2048 keeps generation fast and is what it
/// uses for leaf certificates), signatures SHA-256, keys unencrypted PEM with mode 0600
/// (IoT Edge and mosquitto need unencrypted keys; certGen.sh protects its CA keys with "1234").
public enum CertificateChainGenerator {
    /// What to generate.
    public struct Request: Sendable {
        /// The gateway's hostname as the IoT Edge config sets it: the server certificate's CN and SAN.
        public var hostname: String
        /// certGen.sh's `<name>` for the edge device CA: files `iot-edge-device-ca-<name>…`, CN `<name>.ca`.
        public var deviceCAName: String
        /// Validity of the three CA certificates.
        public var notBefore: Date
        public var notAfter: Date
        /// The server certificate's validity; nil means the same as the CAs. Tests use it for
        /// expired and not-yet-valid variants.
        public var serverNotBefore: Date?
        public var serverNotAfter: Date?
        public var keyBits: Int32

        /// certGen.sh's default: valid from now for `days` (30, as certGen.sh's DEFAULT_VALIDITY_DAYS).
        public init(hostname: String, deviceCAName: String? = nil, days: Int = 30, now: Date = Date(), keyBits: Int32 = 2048) {
            self.hostname = hostname
            self.deviceCAName = deviceCAName ?? hostname
            // A minute back so a gateway whose clock is slightly behind accepts it at once.
            self.notBefore = now.addingTimeInterval(-60)
            self.notAfter = now.addingTimeInterval(TimeInterval(days) * 86_400)
            self.keyBits = keyBits
        }
    }

    /// certGen.sh's file names, relative to the output folder.
    public enum FileNames {
        public static let rootCertificate = "certs/azure-iot-test-only.root.ca.cert.pem"
        public static let rootKey = "private/azure-iot-test-only.root.ca.key.pem"
        public static let intermediateCertificate = "certs/azure-iot-test-only.intermediate.cert.pem"
        public static let intermediateFullChain = "certs/azure-iot-test-only.intermediate-full-chain.cert.pem"
        public static let intermediateKey = "private/azure-iot-test-only.intermediate.key.pem"
        public static func deviceCACertificate(_ name: String) -> String { "certs/iot-edge-device-ca-\(name).cert.pem" }
        public static func deviceCAFullChain(_ name: String) -> String { "certs/iot-edge-device-ca-\(name)-full-chain.cert.pem" }
        public static func deviceCAKey(_ name: String) -> String { "private/iot-edge-device-ca-\(name).key.pem" }
        /// certGen.sh's `create_edge_server_certificate` naming: `iot-edge-server-<hostname>…`.
        public static func serverCertificate(_ host: String) -> String { "certs/iot-edge-server-\(host).cert.pem" }
        /// Server certificate, device CA, intermediate, root: what a TLS server (edgeHub, mosquitto) serves.
        public static func serverFullChain(_ host: String) -> String { "certs/iot-edge-server-\(host)-full-chain.cert.pem" }
        public static func serverKey(_ host: String) -> String { "private/iot-edge-server-\(host).key.pem" }
    }

    /// Absolute paths of everything written.
    public struct GeneratedChain: Codable, Equatable, Sendable {
        public var folder: String
        public var rootCertificate: String
        public var rootKey: String
        public var intermediateCertificate: String
        public var intermediateFullChain: String
        public var intermediateKey: String
        public var deviceCACertificate: String
        public var deviceCAFullChain: String
        public var deviceCAKey: String
        public var serverCertificate: String
        public var serverFullChain: String
        public var serverKey: String

        /// Every file, certificates then keys.
        public var allFiles: [String] {
            [rootCertificate, intermediateCertificate, intermediateFullChain, deviceCACertificate, deviceCAFullChain,
             serverCertificate, serverFullChain, rootKey, intermediateKey, deviceCAKey, serverKey]
        }
    }

    /// A self-signed server certificate and its key (a test variant: no CA vouches for it).
    public struct GeneratedServerCertificate: Codable, Equatable, Sendable {
        public var certificate: String
        public var key: String
    }

    /// Why generation failed, in words (a file that could not be written, or OpenSSL's reason).
    public struct GenerationError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Generates the chain into `folder` (`certs/` and `private/` are created under it).
    public static func generate(_ request: Request, into folder: String) throws(GenerationError) -> GeneratedChain {
        let builder = CertificateBuilder(keyBits: request.keyBits)
        let validity = (request.notBefore, request.notAfter)

        let root = try builder.issue(
            commonName: "Azure_IoT_Hub_CA_Cert_Test_Only", kind: .certificateAuthority, validity: validity, issuer: nil)
        let intermediate = try builder.issue(
            commonName: "Azure_IoT_Hub_Intermediate_Cert_Test_Only", kind: .certificateAuthority, validity: validity, issuer: root)
        // ".ca" avoids a chain where the CA and the server certificate have the same name (certGen.sh).
        let deviceCA = try builder.issue(
            commonName: "\(request.deviceCAName).ca", kind: .certificateAuthority, validity: validity, issuer: intermediate)
        let serverValidity = (request.serverNotBefore ?? request.notBefore, request.serverNotAfter ?? request.notAfter)
        let server = try builder.issue(
            commonName: request.hostname, kind: .server(names: [request.hostname, CertificateNameMatch.edgeHubModuleName]),
            validity: serverValidity, issuer: deviceCA)

        let name = request.deviceCAName
        let host = request.hostname
        let writer = FolderWriter(folder: folder)
        let chain = GeneratedChain(
            folder: folder,
            rootCertificate: try writer.certificates(FileNames.rootCertificate, [root]),
            rootKey: try writer.key(FileNames.rootKey, root),
            intermediateCertificate: try writer.certificates(FileNames.intermediateCertificate, [intermediate]),
            intermediateFullChain: try writer.certificates(FileNames.intermediateFullChain, [intermediate, root]),
            intermediateKey: try writer.key(FileNames.intermediateKey, intermediate),
            deviceCACertificate: try writer.certificates(FileNames.deviceCACertificate(name), [deviceCA]),
            deviceCAFullChain: try writer.certificates(FileNames.deviceCAFullChain(name), [deviceCA, intermediate, root]),
            deviceCAKey: try writer.key(FileNames.deviceCAKey(name), deviceCA),
            serverCertificate: try writer.certificates(FileNames.serverCertificate(host), [server]),
            serverFullChain: try writer.certificates(FileNames.serverFullChain(host), [server, deviceCA, intermediate, root]),
            serverKey: try writer.key(FileNames.serverKey(host), server))
        return chain
    }

    /// A self-signed server certificate for `hostname` (same names and key usage as the real one).
    public static func selfSigned(
        hostname: String, notBefore: Date, notAfter: Date, into folder: String, keyBits: Int32 = 2048
    ) throws(GenerationError) -> GeneratedServerCertificate {
        let builder = CertificateBuilder(keyBits: keyBits)
        let server = try builder.issue(
            commonName: hostname, kind: .server(names: [hostname, CertificateNameMatch.edgeHubModuleName]),
            validity: (notBefore, notAfter), issuer: nil)
        let writer = FolderWriter(folder: folder)
        return GeneratedServerCertificate(
            certificate: try writer.certificates("certs/self-signed-\(hostname).cert.pem", [server]),
            key: try writer.key("private/self-signed-\(hostname).key.pem", server))
    }
}

/// Writes PEM files under one folder: certificates 0644, keys 0600 in a 0700 `private/`.
private struct FolderWriter {
    let folder: String

    func certificates(_ relativePath: String, _ chain: [IssuedCertificate]) throws(CertificateChainGenerator.GenerationError) -> String {
        try write(relativePath, Data(chain.map(\.certificate.pem).joined().utf8), mode: 0o644, folderMode: 0o755)
    }

    func key(_ relativePath: String, _ issued: IssuedCertificate) throws(CertificateChainGenerator.GenerationError) -> String {
        try write(relativePath, issued.key.privateKeyPEM, mode: 0o600, folderMode: 0o700)
    }

    private func write(_ relativePath: String, _ data: Data, mode: mode_t, folderMode: Int) throws(CertificateChainGenerator.GenerationError) -> String {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(relativePath).path
        do {
            try AtomicFileWriter.makeFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path, mode: folderMode)
            try AtomicFileWriter.write(data, to: path, mode: mode)
        } catch {
            throw CertificateChainGenerator.GenerationError(description: error.description)
        }
        return path
    }
}
