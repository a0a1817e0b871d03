import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The real registry client against the fake hub on loopback, over verified HTTPS.
@Suite(.serialized)
struct RegistryAgainstFakeHubTests {
    static let hubHost = "lab-hub.azure-devices.net"
    static let ownerKey = try! SharedAccessKey(base64: Data((0..<32).map { UInt8($0) }).base64EncodedString())

    struct Lab {
        let hub: FakeIoTHub
        let directory: TemporaryDirectory
        func client(key: SharedAccessKey = RegistryAgainstFakeHubTests.ownerKey, policy: String = "iothubowner",
                    lifetime: Int = 600, readTimeout: Int = 5, environment: [String: String] = [:]) throws -> RegistryClient {
            var options = RegistryClientOptions()
            options.endpointOverride = ("127.0.0.1", hub.port)
            options.extraRootFile = hub.caFile
            options.readTimeout = readTimeout
            options.connectTimeout = 3
            options.tokenLifetime = lifetime
            options.environment = environment
            let owner = HubOwnerConnectionString(hub: try IoTHubHost(parsing: RegistryAgainstFakeHubTests.hubHost), policyName: policy, key: key)
            return try RegistryClient(owner: owner, options: options)
        }
        func stop() async {
            await hub.stop()
            directory.remove()
        }
    }

    static func lab() async throws -> Lab {
        let directory = try TemporaryDirectory()
        let hub = try await FakeIoTHub.start(hubHost: hubHost, policies: [
            "iothubowner": .init(key: ownerKey, registryWrite: true),
            "registryRead": .init(key: ownerKey, registryWrite: false),
        ], directory: directory.path)
        return Lab(hub: hub, directory: directory)
    }

    @Test func createsTheDeviceUnderTheEdgeDeviceWithGeneratedKeys() async throws {
        let lab = try await Self.lab()
        let edge = await lab.hub.addEdgeDevice("gw-01")
        let client = try lab.client()
        let outcome = try await DeviceRegistrar(client: client).register(device: DeviceID(validating: "kepware-01"),
                                                                            edgeDevice: DeviceID(validating: "gw-01"), setParentIfMissing: false)
        await client.shutdown()
        #expect(outcome.action == .created)
        #expect(outcome.device.deviceScope == edge.deviceScope)
        #expect(outcome.device.parentScopes == [edge.deviceScope ?? ""])
        #expect(outcome.device.primaryKey != nil)
        let registration = DeviceRegistration(outcome.device, created: true, edgeScope: outcome.edgeScope, routes: nil)
        #expect(registration.parentIsSet && registration.enabled)
        let stored = await lab.hub.snapshot().first { $0.deviceId == "kepware-01" }
        #expect(stored?.authentication?.symmetricKey?.primaryKey == outcome.device.authentication?.symmetricKey?.primaryKey)
        await lab.stop()
    }

    @Test func existingDeviceWithoutParentGetsItWithIfMatch() async throws {
        let lab = try await Self.lab()
        let edge = await lab.hub.addEdgeDevice("gw-01")
        let before = await lab.hub.addDevice("kepware-01")
        let client = try lab.client()
        let outcome = try await DeviceRegistrar(client: client).register(device: DeviceID(validating: "kepware-01"),
                                                                            edgeDevice: DeviceID(validating: "gw-01"), setParentIfMissing: true)
        await client.shutdown()
        #expect(outcome.action == .parentSet)
        #expect(outcome.device.deviceScope == edge.deviceScope)
        #expect(outcome.device.authentication?.symmetricKey?.primaryKey == before.authentication?.symmetricKey?.primaryKey)
        let puts = await lab.hub.requests().filter { $0.method == "PUT" }
        #expect(puts.count == 2)
        #expect(puts.first?.ifMatch == nil)
        #expect(puts.last?.ifMatch == "\"\(before.etag ?? "")\"")
        await lab.stop()
    }

    @Test func existingDeviceWithoutParentIsReportedWhenNotAllowedToChangeIt() async throws {
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01")
        await lab.hub.addDevice("kepware-01")
        let client = try lab.client()
        let outcome = try await DeviceRegistrar(client: client).register(device: DeviceID(validating: "kepware-01"),
                                                                            edgeDevice: DeviceID(validating: "gw-01"), setParentIfMissing: false)
        await client.shutdown()
        #expect(outcome.action == .parentMissing)
        let registration = DeviceRegistration(outcome.device, created: false, edgeScope: outcome.edgeScope, routes: nil)
        let key = try DeviceStep.Key(hub: IoTHubHost(parsing: "lab-hub"), device: DeviceID(validating: "kepware-01"), edgeDevice: DeviceID(validating: "gw-01"))
        #expect(DeviceStep.parentCheck(registration, key: key).status == .error)
        await lab.stop()
    }

    @Test func etagChangedMeanwhileIsReReadAndRetriedOnce() async throws {
        let lab = try await Self.lab()
        let edge = await lab.hub.addEdgeDevice("gw-01")
        await lab.hub.addDevice("kepware-01")
        await lab.hub.inject(.etagChangesBeforeUpdate(deviceID: "kepware-01"))
        let client = try lab.client()
        let outcome = try await DeviceRegistrar(client: client).register(device: DeviceID(validating: "kepware-01"),
                                                                            edgeDevice: DeviceID(validating: "gw-01"), setParentIfMissing: true)
        await client.shutdown()
        #expect(outcome.device.deviceScope == edge.deviceScope)
        let puts = await lab.hub.requests().filter { $0.method == "PUT" && $0.ifMatch != nil }
        #expect(puts.count == 2)
        #expect(puts[0].ifMatch != puts[1].ifMatch)
        await lab.stop()
    }

    @Test func aReadOnlyPolicyCannotCreateAndObserversSeeOnlyRealChanges() async throws {
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01")
        let seen = SeenDevices()
        await lab.hub.onDeviceChange { seen.add($0.deviceId) }
        let reader = try lab.client(policy: "registryRead")
        #expect(try await reader.device("gw-01").isEdgeDevice)
        await #expect {
            try await DeviceRegistrar(client: reader).register(device: DeviceID(validating: "kepware-01"),
                                                                  edgeDevice: DeviceID(validating: "gw-01"), setParentIfMissing: false)
        } throws: { ($0 as? RegistryFailure)?.kind == .unauthorized }
        await reader.shutdown()
        #expect(seen.ids.isEmpty)
        let owner = try lab.client()
        _ = try await DeviceRegistrar(client: owner).register(device: DeviceID(validating: "kepware-01"),
                                                                 edgeDevice: DeviceID(validating: "gw-01"), setParentIfMissing: false)
        await owner.shutdown()
        #expect(seen.ids == ["kepware-01"])
        await lab.stop()
    }

    @Test func wrongKeyIsAnUnauthorizedVerdict() async throws {
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01")
        let client = try lab.client(key: SharedAccessKey(base64: Data(repeating: 7, count: 32).base64EncodedString()))
        await #expect { try await client.device("gw-01") } throws: { error in
            (error as? RegistryFailure)?.kind == .unauthorized && "\(error)".contains("clock")
        }
        await client.shutdown()
        await lab.stop()
    }

    @Test func expiredServiceTokenIsRefused() async throws {
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01")
        // Expired 10 minutes ago: past the 5 minutes' skew.
        let client = try lab.client(lifetime: -600)
        await #expect { try await client.device("gw-01") } throws: { ($0 as? RegistryFailure)?.kind == .unauthorized }
        await client.shutdown()
        await lab.stop()
    }

    @Test func missingEdgeDeviceIsNamed() async throws {
        let lab = try await Self.lab()
        let client = try lab.client()
        await #expect {
            try await DeviceRegistrar(client: client).register(device: DeviceID(validating: "kepware-01"),
                                                                  edgeDevice: DeviceID(validating: "gw-missing"), setParentIfMissing: false)
        } throws: { error in
            (error as? RegistryFailure)?.kind == .notFound && "\(error)".contains("edge device gw-missing")
        }
        await client.shutdown()
        await lab.stop()
    }

    @Test func throttlingIsRetriedAfterRetryAfter() async throws {
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01")
        await lab.hub.inject(.throttleOnce(retryAfter: 1))
        let client = try lab.client()
        let started = Date()
        let device = try await client.device("gw-01")
        let waited = Date().timeIntervalSince(started)
        await client.shutdown()
        #expect(device.isEdgeDevice)
        #expect(waited >= 0.95)
        #expect(await lab.hub.requests().count == 2)
        await lab.stop()
    }

    @Test func aHubThatNeverAnswersIsATimeoutWithinTheBound() async throws {
        let lab = try await Self.lab()
        await lab.hub.inject(.neverAnswer)
        let client = try lab.client(readTimeout: 2)
        let started = Date()
        await #expect { try await client.device("gw-01") } throws: { ($0 as? RegistryFailure)?.kind == .timeout }
        #expect(Date().timeIntervalSince(started) < 8)
        await client.shutdown()
        await lab.stop()
    }

    @Test func anHTMLPageIsNotJSON() async throws {
        let lab = try await Self.lab()
        await lab.hub.inject(.htmlOnce)
        let client = try lab.client()
        await #expect { try await client.device("gw-01") } throws: { ($0 as? RegistryFailure)?.kind == .notJSON }
        await client.shutdown()
        await lab.stop()
    }

    @Test func untrustedCertificateIsATLSVerdict() async throws {
        let lab = try await Self.lab()
        var options = RegistryClientOptions()
        options.endpointOverride = ("127.0.0.1", lab.hub.port)
        options.environment = [:]
        let client = try RegistryClient(owner: HubOwnerConnectionString(hub: IoTHubHost(parsing: Self.hubHost), policyName: "iothubowner", key: Self.ownerKey), options: options)
        await #expect { try await client.device("gw-01") } throws: { ($0 as? RegistryFailure)?.kind == .tls }
        await client.shutdown()
        await lab.stop()
    }

    @Test func routesWithoutUpstreamAreAWarning() async throws {
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01", routes: ["toModule": "FROM /messages/* INTO BrokeredEndpoint(\"/modules/filter/inputs/in\")"])
        await lab.hub.addEdgeDevice("gw-02")
        let client = try lab.client()
        let none = try await client.edgeHubRoutes(edgeDevice: "gw-01").check(edgeDevice: "gw-01")
        let good = try await client.edgeHubRoutes(edgeDevice: "gw-02").check(edgeDevice: "gw-02")
        await client.shutdown()
        #expect(none.status == .warning)
        #expect(good.status == .ok)
        await lab.stop()
    }

    @Test func requestsTunnelThroughAnHTTPSProxyWithConnect() async throws {
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01")
        let proxy = try LabConnectProxy()
        let client = try lab.client(environment: ["https_proxy": "http://127.0.0.1:\(proxy.port)"])
        #expect(try await client.device("gw-01").isEdgeDevice)
        await client.shutdown()
        #expect(proxy.connectTargets == ["127.0.0.1:\(lab.hub.port)"])
        proxy.stop()
        await lab.stop()
    }

    @Test func proxyVariableIsUsedAndNoProxyBypassesIt() async throws {
        // A closed port as the proxy: going through it fails to connect; bypassing it reaches the hub.
        let lab = try await Self.lab()
        await lab.hub.addEdgeDevice("gw-01")
        let deadProxy = try LoopbackPort.free()
        let viaProxy = try lab.client(environment: ["https_proxy": "http://127.0.0.1:\(deadProxy)"])
        await #expect { try await viaProxy.device("gw-01") } throws: { ($0 as? RegistryFailure)?.kind == .connection }
        await viaProxy.shutdown()
        let bypassed = try lab.client(environment: ["HTTPS_PROXY": "http://127.0.0.1:\(deadProxy)", "NO_PROXY": "localhost,127.0.0.1"])
        #expect(try await bypassed.device("gw-01").isEdgeDevice)
        await bypassed.shutdown()
        await lab.stop()
    }
}

/// Collects device ids from the fake hub's observer callback.
final class SeenDevices: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ id: String) { lock.withLock { stored.append(id) } }
    var ids: [String] { lock.withLock { stored } }
}
