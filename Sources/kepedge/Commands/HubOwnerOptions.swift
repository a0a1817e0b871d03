import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeProbes

/// The hub-owner connection string and where the registry is, shared by `register` and `agent rotate`.
struct HubOwnerOptions: ParsableArguments {
    static let environmentVariable = "KEPEDGE_HUB_OWNER_CONNECTION_STRING"

    @Option(name: [.customLong("owner-connection-string-file"), .customLong("hub-owner-file")],
            help: ArgumentHelp("A file holding only the hub-owner connection string (a policy with Registry write; --hub-owner-file is the same).", valueName: "file"))
    var ownerConnectionStringFile: String?

    @Option(help: ArgumentHelp("The hub-owner connection string itself (lands in shell history: prefer the file or \(HubOwnerOptions.environmentVariable)).", valueName: "string"))
    var ownerConnectionString: String?

    @Option(help: ArgumentHelp("Connect to host:port instead of the hub (a test hub); the token still names the hub.", valueName: "host:port"))
    var registryEndpoint: String?

    @Option(help: ArgumentHelp("An extra trusted root certificate (PEM) for the registry, e.g. a TLS-inspecting proxy's CA.", valueName: "file"))
    var registryCa: String?

    /// The parsed connection string, nil when none was given.
    func owner(environment: [String: String]) throws -> (owner: HubOwnerConnectionString, source: String)? {
        let picked = try SecretSourceChoice.pick([
            .init(name: "--owner-connection-string", value: ownerConnectionString, kind: .inline),
            .init(name: "--owner-connection-string-file", value: ownerConnectionStringFile, kind: .file),
            SecretSourceChoice.environment(Self.environmentVariable, in: environment),
        ], what: "the hub-owner connection string")
        guard let (source, text) = picked else { return nil }
        do { return (try HubOwnerConnectionString(parsing: text), source) } catch { throw CLIFailure.input("\(source): \(error.description)") }
    }

    /// A registry client for `owner`; the caller shuts it down.
    func client(owner: HubOwnerConnectionString, environment: [String: String]) throws -> RegistryClient {
        var options = RegistryClientOptions()
        options.extraRootFile = registryCa
        options.environment = environment
        options.endpointOverride = try endpointOverride()
        do { return try RegistryClient(owner: owner, options: options) } catch { throw CLIFailure.checkFailed(error.description) }
    }

    /// `--registry-endpoint` as host and port; nil when not given.
    func endpointOverride() throws -> (host: String, port: Int)? {
        guard let registryEndpoint else { return nil }
        let parts = registryEndpoint.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
            throw CLIFailure.input("--registry-endpoint \(registryEndpoint): give host:port, e.g. 127.0.0.1:8443")
        }
        return (String(parts[0]), port)
    }
}
