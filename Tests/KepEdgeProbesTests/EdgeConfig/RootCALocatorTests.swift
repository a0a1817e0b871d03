import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

@Suite struct RootCALocatorTests {
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    @Test func typedPathComesFirst() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let typed = try folder.write("typed.pem", pem)
        let bundle = try folder.write("bundle.pem", pem)
        let toml = try folder.write("config.toml", EdgeConfigFixtures.toml(trustBundle: "file://\(bundle)"))
        let locator = RootCALocator(reader: EdgeConfigReader(tomlPath: toml, yamlPath: folder.file("none.yaml")))

        let location = locator.locate(typedPath: typed, certGenFolder: nil)
        #expect(location.path == typed)
        #expect(location.source == .typed)
        #expect(location.skipped.isEmpty)
    }

    @Test func missingTypedPathFallsBackToTrustBundleCertAndIsReported() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let bundle = try folder.write("bundle.pem", pem)
        let toml = try folder.write("config.toml", EdgeConfigFixtures.toml(trustBundle: "file://\(bundle)"))
        let locator = RootCALocator(reader: EdgeConfigReader(tomlPath: toml, yamlPath: folder.file("none.yaml")))

        let location = locator.locate(typedPath: folder.file("typo.pem"), certGenFolder: nil)
        #expect(location.path == bundle)
        #expect(location.source == .trustBundleCert(configPath: toml))
        #expect(location.skipped == [RootCACandidate(source: .typed, path: folder.file("typo.pem"), reason: "does not exist")])
    }

    /// Issue 13 §3: a quickstart config.toml (no hostname, no trust bundle, no [edge_ca]) has its root in
    /// aziot-certd's folder under the name certd derives from the cert id `aziot-edged-ca`.
    @Test func quickstartEdgeCAIsFoundWhereAziotCertdKeepsIt() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let certd = folder.file("certd-certs")
        let root = try folder.write("certd-certs/aziotedgedca-86f154be7ff14480027f0d00c59c223db6d9e4ab0b559fc523cca36a7c973d6d.cer", pem)
        let toml = try folder.write("config.toml", "[provisioning]\nsource = \"manual\"\nconnection_string = \"HostName=h.azure-devices.net;DeviceId=e;SharedAccessKey=ZmFrZQ==\"\n")
        let reader = EdgeConfigReader(tomlPath: toml, yamlPath: folder.file("none.yaml"), machineHostname: { "gw07" })
        let location = RootCALocator(reader: reader, certdCertsFolder: certd).locate(typedPath: nil, certGenFolder: nil)
        #expect(location.path == root)
        #expect(location.source == .quickstartEdgeCA(configPath: toml))
        #expect(location.source?.explanation.contains("renews itself") == true)
        #expect(location.skipped.first?.reason == "not set")  // trust_bundle_cert

        // The engineer's own edge CA: certd's folder is not a root to trust.
        let own = try folder.write("own.toml", "[edge_ca]\ncert = \"file:///var/secrets/ca.pem\"\npk = \"file:///var/secrets/ca.key.pem\"\n")
        let ownReader = EdgeConfigReader(tomlPath: own, yamlPath: folder.file("none.yaml"), machineHostname: { "gw07" })
        #expect(RootCALocator(reader: ownReader, certdCertsFolder: certd).locate(typedPath: nil, certGenFolder: nil).path == nil)
    }

    @Test func yamlTrustedCACertsComesAfterToml() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let root = try folder.write("certs/azure-iot-test-only.root.ca.cert.pem", pem)
        // config.toml exists but points at a file that is gone.
        let toml = try folder.write("config.toml", EdgeConfigFixtures.toml(trustBundle: "file:///nonexistent/bundle.pem"))
        let yamlText = EdgeConfigFixtures.yaml().replacingOccurrences(
            of: "file:///home/edge/certs/azure-iot-test-only.root.ca.cert.pem", with: "file://\(root)")
        let yaml = try folder.write("config.yaml", yamlText)
        let locator = RootCALocator(reader: EdgeConfigReader(tomlPath: toml, yamlPath: yaml))

        let location = locator.locate(typedPath: nil, certGenFolder: folder.path)
        #expect(location.path == root)
        #expect(location.source == .trustedCACerts(configPath: yaml))
        #expect(location.skipped.map(\.path) == ["/nonexistent/bundle.pem"])
    }

    @Test func certGenFolderIsTheLastResort() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let root = try folder.write("certgen/certs/azure-iot-test-only.root.ca.cert.pem", pem)
        let locator = RootCALocator(reader: EdgeConfigReader(tomlPath: folder.file("none.toml"), yamlPath: folder.file("none.yaml")))

        let location = locator.locate(typedPath: nil, certGenFolder: folder.file("certgen"))
        #expect(location.path == root)
        #expect(location.source == .certGenFolder(folder: folder.file("certgen")))
        #expect(location.skipped.count == 2)
    }

    @Test func nothingFoundListsEveryPlaceLooked() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let yaml = try folder.write("config.yaml", EdgeConfigFixtures.yamlWithCertificatesCommentedOut)
        let locator = RootCALocator(reader: EdgeConfigReader(tomlPath: folder.file("none.toml"), yamlPath: yaml))

        let location = locator.locate(typedPath: folder.path, certGenFolder: folder.path)
        #expect(!location.found)
        #expect(location.skipped.map(\.source) == [
            .typed, .trustBundleCert(configPath: folder.file("none.toml")),
            .trustedCACerts(configPath: yaml), .certGenFolder(folder: folder.path),
        ])
        #expect(location.skipped[0].reason == "is a directory, not a certificate file")
        #expect(location.skipped[1].reason == "config file not found")
        #expect(location.skipped[2].reason == "not set")
        #expect(location.skipped[3].summary.contains("certs/azure-iot-test-only.root.ca.cert.pem does not exist"))
    }
}
