import Foundation
import KepEdgeCore

/// Domain values the step tests share: a root CA, a served chain, probe reports.
enum StepFixtures {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    static func certificate(
        subject: String, issuer: String, names: [String] = [], isCA: Bool,
        daysValid: Int = 30, notBefore: Date = now.addingTimeInterval(-86_400)
    ) -> CertificateSummary {
        CertificateSummary(
            subject: subject, issuer: issuer, subjectAlternativeNames: names,
            notBefore: notBefore, notAfter: notBefore.addingTimeInterval(Double(daysValid) * 86_400),
            isCA: isCA,
            sha1Fingerprint: "AA:BB:\(subject.count)", sha256Fingerprint: "CC:DD:\(subject.count)")
    }

    static let rootCA = certificate(
        subject: "CN=Azure_IoT_Hub_CA_Cert_Test_Only", issuer: "CN=Azure_IoT_Hub_CA_Cert_Test_Only",
        isCA: true, daysValid: 365)

    static let edgeHubLeaf = certificate(
        subject: "CN=gw01", issuer: "CN=gw01.ca", names: ["DNS:gw01", "DNS:edgeHub"], isCA: false, daysValid: 90)

    static func verifiedReport(host: String = "gw01", port: Int = 8883, caFile: String = "/certs/root.pem") -> TLSProbeReport {
        TLSProbeReport(
            request: TLSProbeRequest(host: host, port: port, caFile: caFile, timeoutSeconds: 5),
            connectedAddress: "10.0.0.10", verifyCode: 0, verifyText: "ok",
            protocolVersion: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384",
            servedChain: [edgeHubLeaf], connectMilliseconds: 1.5, handshakeMilliseconds: 4.2)
    }

    static func untrustedReport(host: String = "gw01", caFile: String = "/certs/root.pem") -> TLSProbeReport {
        TLSProbeReport(
            request: TLSProbeRequest(host: host, port: 8883, caFile: caFile, timeoutSeconds: 5),
            connectedAddress: "10.0.0.10", verifyCode: 20,
            verifyText: "unable to get local issuer certificate",
            servedChain: [edgeHubLeaf], connectMilliseconds: 1.5, failure: .verificationFailed)
    }
}

/// Credentials: vector A's hub, device and key (azure.md §1.4), so every token is a real one.
extension StepFixtures {
    static let deviceKeyText = "+XLy+MVZ+aTeOnVzN2kLeB16O+kSxmz6g3rS6fAf6rw="
    static let otherDeviceKeyText = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    static let ownerKeyText = "c2VjcmV0LW93bmVyLWtleS1mb3ItdGVzdHMtb25seSE="
    static let hubName = "iot-hub-for-test"
    static let hubHostName = "iot-hub-for-test.azure-devices.net"
    static let deviceName = "iot-device-for-test"
    static let edgeDeviceName = "gw01-edge"

    static var hub: IoTHubHost { get throws { try IoTHubHost(parsing: hubName) } }
    static var device: DeviceID { get throws { try DeviceID(validating: deviceName) } }
    static var edgeDevice: DeviceID { get throws { try DeviceID(validating: edgeDeviceName) } }
    static var deviceKey: Secret { Secret(deviceKeyText) }

    static let deviceConnectionString =
        "HostName=\(hubHostName);DeviceId=\(deviceName);SharedAccessKey=\(deviceKeyText)"
    static let ownerConnectionString =
        "HostName=\(hubHostName);SharedAccessKeyName=iothubowner;SharedAccessKey=\(ownerKeyText)"

    /// A real device token for vector A's device, expiring `lifetime` seconds after `now`.
    static func token(lifetime: Int = 30 * 86_400, key: String = deviceKeyText, device: String = deviceName) throws -> SASToken {
        SASToken.forDevice(
            hub: try hub, device: try DeviceID(validating: device), key: try SharedAccessKey(base64: key),
            expiry: Int(now.timeIntervalSince1970) + lifetime)
    }

    static let edgeScope = "ms-azure-iot-edge://gw01-edge-637000000000000000"

    static func registration(
        created: Bool = false, enabled: Bool = true, parentSet: Bool = true, routesToUpstream: Bool? = true
    ) -> DeviceRegistration {
        DeviceRegistration(
            deviceID: deviceName, created: created, enabled: enabled,
            deviceScope: parentSet ? edgeScope : nil, edgeDeviceScope: edgeScope, etag: "\"AAAAAAAAAAE=\"",
            primaryKey: deviceKey,
            routes: routesToUpstream.map { $0 ? .portalDefault : EdgeHubRoutes(routes: []) })
    }

    /// The real agent settings Kepware gets for vector A's device through gateway `gw01`.
    static func agentSettings(token: SASToken, gatewayHost: String = "gw01", agentName: String = deviceName) throws -> KepwareAgentSettings {
        let mqtt = try GatewayMQTTSettings(gatewayHostName: gatewayHost, hub: try hub, device: try device)
        return try KepwareAgentSettings(mqtt: mqtt, password: token.value, agentName: agentName)
    }
}

/// Step 2 observations: what the resolver, hosts file, interfaces and port check saw.
extension StepFixtures {
    static let lan = InterfaceAddress(interfaceName: "eth0", address: "10.0.0.10", family: .ipv4)

    static let edgeConfig = EdgeConfig(
        sourcePath: "/etc/aziot/config.toml", format: .toml, hostname: "gw01",
        trustBundlePath: "/etc/aziot/root.pem", hubHostName: hubHostName, edgeDeviceId: edgeDeviceName)

    static func observation(host: String = "gw01", resolvesTo addresses: [String] = ["10.0.0.10"], portOpen: Bool = true) -> NameObservation {
        let resolution = NameResolutionReport(
            host: host, addresses: addresses, error: addresses.isEmpty ? "name not known" : nil, milliseconds: 2)
        let port = addresses.first.map {
            PortReachabilityReport(
                host: host, address: $0, port: 8883, accepted: portOpen,
                error: portOpen ? nil : "connection refused", milliseconds: 1)
        }
        return NameObservation(
            resolution: resolution, hostsEntries: [HostsFileEntry(address: "10.0.0.10", names: [host], lineNumber: 3)],
            interfaces: [lan], defaultRouteInterface: "eth0", port: port)
    }
}
