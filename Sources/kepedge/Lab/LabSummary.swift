import KepEdgeLab

/// The lab's endpoints for a person, printed before the wizard opens.
enum LabSummary {
    static func text(_ manifest: LabManifest) -> String {
        var lines = [
            "kepedge lab\(manifest.fault.map { " (fault: \($0))" } ?? "") in \(manifest.folder)",
            "  gateway (edgeHub)  ssl://\(manifest.gateway.host):\(manifest.gateway.port)\(manifest.gateway.running ? "" : "  (down)")",
            "  root CA            \(manifest.rootCAFile)",
            "  IoT Edge config    \(manifest.edgeConfig)",
            "  IoT Hub            \(manifest.hub.host) (registry at https://\(manifest.hub.registryEndpoint)), edge device \(manifest.hub.edgeDeviceID)",
            "  hub owner          \(manifest.hub.ownerConnectionStringFile)",
            "  Kepware            \(manifest.kepware.url) user \(manifest.kepware.user), password in \(manifest.kepware.passwordFile)",
            "  broker log         \(manifest.brokerLog)",
            "  arrived upstream   \(manifest.upstreamLog)",
        ]
        if let events = manifest.hubEvents {
            lines.append("  IoT Hub events     amqps://\(events.namespaceHost)/\(events.entityPath) at \(events.endpoint) (CA \(events.caFile)), connection string in \(events.connectionStringFile)")
        }
        if let device = manifest.device {
            lines.append("  device             \(device.id): key \(device.keyFile), token \(device.tokenFile)")
        }
        lines.append("  check it           \(manifest.checkCommand.joined(separator: " "))")
        return lines.joined(separator: "\n")
    }
}
