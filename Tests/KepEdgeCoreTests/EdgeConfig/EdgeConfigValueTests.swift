import KepEdgeCore
import Testing

@Suite struct EdgeConfigValueTests {
    @Test func yamlConfigLowerCasesTheCertificateName() {
        let config = EdgeConfig(sourcePath: "/etc/iotedge/config.yaml", format: .yaml, hostname: "GW01.Plant.Local")
        #expect(config.certificateHostname == "gw01.plant.local")
        #expect(config.certificateHostnameWasLowercased)
    }

    @Test func tomlConfigKeepsTheNameAsWritten() {
        let config = EdgeConfig(sourcePath: "/etc/aziot/config.toml", format: .toml, hostname: "GW01")
        #expect(config.certificateHostname == "GW01")
        #expect(!config.certificateHostnameWasLowercased)
    }

    @Test func fileURIsBecomeLocalPaths() {
        #expect(EdgeConfig.localPath(fromConfigValue: "file:///var/secrets/trust-bundle.pem") == "/var/secrets/trust-bundle.pem")
        #expect(EdgeConfig.localPath(fromConfigValue: "FILE:///var/secrets/a.pem") == "/var/secrets/a.pem")
        #expect(EdgeConfig.localPath(fromConfigValue: "file://localhost/var/secrets/a.pem") == "/var/secrets/a.pem")
        #expect(EdgeConfig.localPath(fromConfigValue: "file:///home/pi/My%20Certs/root.pem") == "/home/pi/My Certs/root.pem")
        #expect(EdgeConfig.localPath(fromConfigValue: "/etc/ssl/root.pem") == "/etc/ssl/root.pem")
    }

    @Test func placeholdersAndNonFileURIsAreNotPaths() {
        #expect(EdgeConfig.localPath(fromConfigValue: "<ADD URI TO TRUSTED CA CERTIFICATES HERE>") == nil)
        #expect(EdgeConfig.localPath(fromConfigValue: "pkcs11:slot-id=0;object=edge%20ca?pin-value=1234") == nil)
        #expect(EdgeConfig.localPath(fromConfigValue: "  ") == nil)
        #expect(EdgeConfig.localPath(fromConfigValue: "file://") == nil)
    }

    @Test func connectionStringGivesHubAndDeviceButNotTheKey() {
        let identity = EdgeConfig.hubIdentity(
            fromConnectionString: "HostName=plant-hub.azure-devices.net;DeviceId=gw01;SharedAccessKey=c2VjcmV0a2V5PT0=")
        #expect(identity.hubHostName == "plant-hub.azure-devices.net")
        #expect(identity.deviceId == "gw01")
        let placeholder = EdgeConfig.hubIdentity(fromConnectionString: "<ADD DEVICE CONNECTION STRING HERE>")
        #expect(placeholder.hubHostName == nil && placeholder.deviceId == nil)
    }

    @Test func errorDescriptionsNameTheFileAndWhatToDo() {
        let denied = EdgeConfigError(path: "/etc/aziot/config.toml", problem: .permissionDenied)
        #expect(denied.description.hasPrefix("/etc/aziot/config.toml: permission denied"))
        #expect(denied.description.contains("sudo"))
        let malformed = EdgeConfigError(path: "/tmp/c.toml", problem: .malformed(parserMessage: "expected '='", line: 4))
        #expect(malformed.description.contains("line 4"))
        #expect(malformed.description.contains("expected '='"))
        let missing = EdgeConfigError(path: "/tmp/c.yaml", problem: .missingHostname)
        #expect(missing.description.contains("`hostname`"))
    }
}
