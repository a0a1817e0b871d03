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
