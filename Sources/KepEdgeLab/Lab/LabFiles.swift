import Foundation
import KepEdgeCore
import KepEdgeProbes

/// The files the lab writes into its folder, each as the field has it.
enum LabFiles {
    /// An IoT Edge 1.2+ `/etc/aziot/config.toml` (iotedge `edgelet/contrib/config/linux/template.toml`):
    /// hostname, trust bundle, manual SAS provisioning, the edge CA. It holds the edge device's key: 0600.
    static func edgeConfigTOML(hostname: String, trustBundle: String, hub: String, edgeDeviceID: String,
                               edgeKey: String, edgeCACertificate: String, edgeCAKey: String) -> String {
        """
        # IoT Edge configuration of the kepedge lab's gateway (format of /etc/aziot/config.toml, IoT Edge 1.2+).
        # Written by `kepedge lab`; removed when the lab stops.

        hostname = "\(hostname)"

        trust_bundle_cert = "file://\(trustBundle)"

        [provisioning]
        source = "manual"
        iothub_hostname = "\(hub)"
        device_id = "\(edgeDeviceID)"

        [provisioning.authentication]
        method = "sas"
        device_id_pk = { value = "\(edgeKey)" }

        [edge_ca]
        cert = "file://\(edgeCACertificate)"
        pk = "file://\(edgeCAKey)"

        """
    }

    /// An IoT Edge 1.1 `/etc/iotedge/config.yaml` (iotedge release/1.1 `edgelet/contrib/config/linux/debian/config.yaml`):
    /// manual provisioning by device connection string, the certificates section, hostname. Holds the edge key: 0600.
    static func edgeConfigYAML(hostname: String, trustBundle: String, hub: String, edgeDeviceID: String,
                               edgeKey: String, edgeCACertificate: String, edgeCAKey: String) -> String {
        """
        # IoT Edge configuration of the kepedge lab's gateway (format of /etc/iotedge/config.yaml, IoT Edge 1.1).
        # Written by `kepedge lab --edge-version 1.1`; removed when the lab stops.

        provisioning:
          source: "manual"
          device_connection_string: "HostName=\(hub);DeviceId=\(edgeDeviceID);SharedAccessKey=\(edgeKey)"

        certificates:
          device_ca_cert: "file://\(edgeCACertificate)"
          device_ca_pk: "file://\(edgeCAKey)"
          trusted_ca_certs: "file://\(trustBundle)"

        hostname: "\(hostname)"

        """
    }

    /// A secret in its own file, mode 0600, with a final newline (as `echo` would leave it).
    static func writeSecret(_ secret: Secret, to path: String) throws(AtomicFileWriter.WriteError) {
        try AtomicFileWriter.write(Data((secret.revealed + "\n").utf8), to: path, mode: 0o600)
    }

    /// A random password of letters and digits (Kepware's Configuration API user).
    static func randomPassword(length: Int = 20) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// A fresh 32-byte key, as IoT Hub generates them.
    static func randomKey() throws -> SharedAccessKey {
        try SharedAccessKey(base64: Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())
    }

    /// A new folder `/tmp/kepedge-lab-XXXXXX`, mode 0700.
    static func makeTemporaryFolder() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/kepedge-lab-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LabError("cannot create a folder in \(base): \(String(cString: strerror(errno)))") }
        return String(cString: made)
    }
}
