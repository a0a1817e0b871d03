import Foundation
import KepEdgeCore
import KepEdgeLab
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The lab's Kepware agent runner against a real mosquitto with the edgeHub-like auth plugin: the whole
/// `Lab` is started in-process, the agent is created through the Configuration API as the wizard does it.
@Suite(.serialized)
struct LabAgentRunnerTests {
    static func startLab(fault: LabFault? = nil) async throws -> Lab {
        var options = Lab.Options(pluginPath: try BuiltProducts.path(of: BuiltProducts.brokerAuthPlugin, environmentVariable: "KEPEDGE_BROKER_AUTH_PLUGIN"),
                                  kepedgeExecutable: "kepedge")
        options.fault = fault
        // Leaves 8883 to the CLI tests' labs, which run at the same time.
        options.preferredGatewayPort = 0
        options.provisionKepwareDevice = true
        options.agentRateMilliseconds = 200
        return try await Lab.start(options)
    }

    /// Runs `body` on a started lab and stops the lab afterwards, also when `body` throws.
    static func withLab(_ fault: LabFault? = nil, _ body: (Lab) async throws -> Void) async throws {
        let lab = try await startLab(fault: fault)
        do { try await body(lab) } catch {
            await lab.stop()
            throw error
        }
        await lab.stop()
    }

    /// Polls `condition` every 50 ms for at most `seconds`.
    static func eventually(within seconds: Double, _ condition: @Sendable () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }

    static func brokerLog(_ lab: Lab) -> String {
        (try? String(contentsOfFile: lab.manifest.brokerLog, encoding: .utf8)) ?? ""
    }

    static func kepwareClient(_ lab: Lab) async throws -> KepwareConfigClient {
        let password = try String(contentsOfFile: lab.manifest.kepware.passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return try await KepwareConfigClient(endpoint: KepwareEndpoint(host: "127.0.0.1", port: lab.kepware.port, https: false),
                                             user: lab.manifest.kepware.user, password: Secret(password), trust: .plainHTTP)
    }

    @Test func agentWithAGoodTokenConnectsAndPublishesTheStandardTemplate() async throws {
        try await Self.withLab { lab in
            let connected = await Self.eventually(within: 15) {
                await lab.kepware.eventLog().contains { $0.saysConnected(agent: Lab.agentName, url: "ssl://localhost:\(lab.manifest.gateway.port)") }
            }
            let eventLog = await lab.kepware.eventLog().map(\.message)
            #expect(connected, "Kepware's event log: \(eventLog)\nbroker: \(Self.brokerLog(lab))")
            #expect(Self.brokerLog(lab).contains("Client \(Lab.kepwareDeviceID) in device scope authenticated locally."))

            // What the broker accepted, seen by a subscriber of our own on the loopback listener.
            let port = try #require(lab.manifest.upstreamListenerPort)
            let subscriber = MQTTSession(request: MQTTConnectRequest(
                host: "127.0.0.1", port: port, clientID: "runner-test", username: "", password: nil, transport: .plainTCP,
                topic: "", subscriptions: ["devices/\(Lab.kepwareDeviceID)/messages/events/#"], connectTimeoutSeconds: 5), reconnect: nil)
            subscriber.start()
            defer { subscriber.stop() }
            var payload: KepwarePayload?
            let deadline = ContinuousClock.now.advanced(by: .seconds(10))
            for await event in subscriber.events {
                if case .message(_, let data) = event { payload = KepwarePayload.decode(data); break }
                if ContinuousClock.now > deadline { break }
            }
            guard case .standard(let timestamp, let rows)? = payload else {
                Issue.record("no standard-template message arrived: \(String(describing: payload))")
                return
            }
            #expect(timestamp != nil)
            #expect(rows.map(\.tag) == SimulatedTags.all)
            #expect(rows.allSatisfy { $0.quality == .good })
            #expect(rows.first { $0.tag == SimulatedTags.boolean }.map { ["true", "false"].contains($0.value) } == true)
            // The broker forwards to subscribers before it sends the PUBACK: wait for it.
            #expect(await Self.eventually(within: 5) { await lab.agents.acknowledgedMessages(agent: Lab.agentName) > 0 })
        }
    }

    @Test func agentWithATokenSignedByAnotherKeyIsRefusedAndKepwareLogsAWarning() async throws {
        try await Self.withLab { lab in
            let wrongKey = try SharedAccessKey(base64: Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())
            let badToken = SASToken.generate(resourceURI: "\(Lab.hubHost)/devices/\(Lab.kepwareDeviceID)", key: wrongKey,
                                             expiry: Int(Date().timeIntervalSince1970) + 3600, policyName: nil)
            let client = try await Self.kepwareClient(lab)
            let projectID = try await client.projectID()
            try await client.updateAgent(Lab.agentName, changes: KepwareAgentSettings.passwordUpdateBody(password: badToken.value, projectID: projectID))
            await client.shutdown()

            let warned = await Self.eventually(within: 15) {
                await lab.kepware.eventLog().contains { $0.event == "Warning" && $0.message.contains("MQTT agent '\(Lab.agentName)'") && $0.message.contains("CONNACK 5") }
            }
            let eventLog = await lab.kepware.eventLog().map(\.message)
            #expect(warned, "Kepware's event log: \(eventLog)")
            #expect(Self.brokerLog(lab).contains("because the token did not match the primary or the secondary key"))
            #expect(await lab.agents.isConnected(agent: Lab.agentName) == false)
        }
    }

    @Test func disablingTheAgentStopsIt() async throws {
        try await Self.withLab { lab in
            #expect(await Self.eventually(within: 15) { await lab.agents.isConnected(agent: Lab.agentName) })
            let client = try await Self.kepwareClient(lab)
            try await client.updateAgent(Lab.agentName, changes: .object([KepwarePropertyKey.enabled: .bool(false), KepwarePropertyKey.forceUpdate: .bool(true)]))
            await client.shutdown()
            #expect(await lab.agents.isConnected(agent: Lab.agentName) == false)
            let sent = await lab.agents.acknowledgedMessages(agent: Lab.agentName)
            #expect(sent == 0, "a disabled agent keeps no session")
        }
    }

    @Test func noAPIVersionFaultRefusesTheAgentWithEdgeHubsLogLine() async throws {
        try await Self.withLab(.noAPIVersion) { lab in
            let warned = await Self.eventually(within: 15) {
                await lab.kepware.eventLog().contains { $0.isProblem(mentioning: Lab.agentName, url: nil) && $0.message.contains("CONNACK 5") }
            }
            let eventLog = await lab.kepware.eventLog().map(\.message)
            #expect(warned, "Kepware's event log: \(eventLog)")
            // IoT Hub's tolerated form `{hub}/{device}/` fails edgeHub's username parser outright.
            #expect(Self.brokerLog(lab).contains("Username \(Lab.hubHost)/\(Lab.kepwareDeviceID)/ does not contain valid values"))
        }
    }

    @Test func noRouteFaultAcceptsMessagesButNothingArrivesUpstream() async throws {
        try await Self.withLab(.noRoute) { lab in
            #expect(await Self.eventually(within: 15) { await lab.agents.acknowledgedMessages(agent: Lab.agentName) >= 3 })
            try await Task.sleep(for: .milliseconds(500))
            let upstream = try String(contentsOfFile: lab.manifest.upstreamLog, encoding: .utf8)
            #expect(upstream.isEmpty, "messages arrived upstream without a route: \(upstream)")
            // The same lab with the route back: messages arrive.
            await lab.hub.setRoutes(edge: Lab.edgeDeviceID, ["upstream": "FROM /messages/* INTO $upstream"])
            let arrived = await Self.eventually(within: 10) {
                ((try? String(contentsOfFile: lab.manifest.upstreamLog, encoding: .utf8)) ?? "").contains(SimulatedTags.ramp)
            }
            #expect(arrived)
        }
    }

    /// Each fault that keeps Kepware from connecting: Kepware's Warning (its words) and edgeHub's log line.
    static let agentFaults: [(fault: LabFault, kepware: String, broker: String?)] = [
        (.wrongCA, "TLS handshake failed", nil),
        (.hostnameMismatch, "TLS handshake failed", nil),
        (.expiredCertificate, "TLS handshake failed", nil),
        (.noParent, "CONNACK 5", "Unable to authenticate client kepware-lab-01 with cached service identity kepware-lab-01 (Found: False)"),
        (.expiredToken, "CONNACK 5", "Error authenticating token for kepware-lab-01 because the token is expired or could not be parsed"),
        (.brokerDown, "could not connect to broker", nil),
    ]

    @Test(arguments: LabAgentRunnerTests.agentFaults.map(\.fault))
    func faultsThatStopKepwareShowInItsEventLogAndTheBrokerLog(_ fault: LabFault) async throws {
        let expected = try #require(Self.agentFaults.first { $0.fault == fault })
        try await Self.withLab(fault) { lab in
            let warned = await Self.eventually(within: 15) {
                await lab.kepware.eventLog().contains { $0.isProblem(mentioning: Lab.agentName, url: nil) && $0.message.contains(expected.kepware) }
            }
            let eventLog = await lab.kepware.eventLog().map(\.message)
            #expect(warned, "Kepware's event log: \(eventLog)")
            #expect(!eventLog.contains { $0.contains("is connected to broker") })
            if let line = expected.broker { #expect(Self.brokerLog(lab).contains(line)) }
        }
    }

    @Test func stopRemovesTheFolderAndStopsTheBroker() async throws {
        let lab = try await Self.startLab()
        let folder = lab.manifest.folder
        let port = lab.manifest.gateway.port
        #expect(FileManager.default.fileExists(atPath: folder))
        #expect(lab.broker.isRunning)
        await lab.stop()
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(!lab.broker.isRunning)
        #expect(!LoopbackPort.isAccepting(port))
    }
}
