import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Starts the lab's parts in order (certificates, hub, broker, Kepware, files, provisioning), registering
/// each with `parts` as it comes up so a failure part-way stops exactly what started.
struct LabBuilder {
    let options: Lab.Options
    let parts: LabParts
    private var folder: String { parts.folder }
    private var fault: LabFault? { options.fault }
    /// hub-case is a 1.1 fault: 1.2+ would accept the token.
    private var edgeRelease: IoTEdgeRelease { fault == .hubCase ? .v1_1 : options.edgeRelease }
    /// The hub as the gateway's own config (and so edgeHub) spells it.
    private var gatewayHub: String { fault == .hubCase ? Lab.mixedCaseHubHost : Lab.hubHost }

    init(options: Lab.Options, parts: LabParts) {
        self.options = options
        self.parts = parts
    }

    func build() async throws -> Lab {
        let now = Date()
        let hostname = options.hostname
        let chain = try await certificates(now: now)
        // The root the engineer was given: with wrong-ca, another chain's.
        let givenRoot = fault == .wrongCA ? try await otherRoot(now: now) : chain.rootCertificate

        let ownerKey = try LabFiles.randomKey()
        let hub = try await FakeIoTHub.start(hubHost: Lab.hubHost, policies: [Lab.ownerPolicy: .init(key: ownerKey, registryWrite: true)],
                                             directory: try subfolder("hub"))
        parts.add(hub: hub)
        let edge = await hub.addEdgeDevice(Lab.edgeDeviceID, routes: fault == .noRoute ? Self.routesWithoutUpstream : Self.upstreamRoutes)
        let edgeScope = edge.deviceScope ?? ""
        // The hub's built-in endpoint over AMQPS (the path `az iot hub monitor-events` reads).
        let amqp = try await LabIoTHubAMQPEndpoint.start(hubHost: Lab.hubHost, policies: [Lab.ownerPolicy: ownerKey], directory: try subfolder("hub-amqp"))
        parts.add(amqp: amqp)

        // The plugin's devices file follows the registry: rewritten (atomically) on every change.
        let devicesFile = "\(folder)/broker-devices"
        let table = LabDeviceTable(path: devicesFile)
        try table.replace(await hub.snapshot())
        await hub.onDeviceChange { device in table.upsert(device) }
        await hub.onDeviceDelete { id in table.remove(id) }

        var gatewayPort = try LoopbackPort.preferring(options.preferredGatewayPort)
        let upstreamPort = try LoopbackPort.free()
        let makeBroker = { (port: Int) throws -> LabBroker in
            let broker = try LabBroker(.init(tlsPort: port, upstreamPort: upstreamPort, certificateChainFile: chain.serverFullChain,
                                             keyFile: chain.serverKey, pluginPath: self.options.pluginPath, hubHostName: self.gatewayHub,
                                             edgeHostName: hostname, edgeDeviceScope: edgeScope, devicesFile: devicesFile,
                                             edgeVersion: self.edgeRelease == .v1_1 ? "1.1" : "1.5"),
                                       directory: folder)
            self.parts.add(broker: broker)
            _ = FileManager.default.createFile(atPath: broker.logFile, contents: nil)
            return broker
        }
        var broker = try makeBroker(gatewayPort)
        if fault != .brokerDown {
            do {
                try await broker.start()
            } catch where gatewayPort == options.preferredGatewayPort {
                // Another process took the preferred port between the look and mosquitto's bind: a free one instead.
                gatewayPort = try LoopbackPort.free()
                broker = try makeBroker(gatewayPort)
                try await broker.start()
            }
            if let pid = broker.processID { parts.watch(processID: pid) }
        }

        let trustFolder = try subfolder("kepware-trust")
        try FileManager.default.copyItem(atPath: givenRoot, toPath: "\(trustFolder)/\(URL(fileURLWithPath: givenRoot).lastPathComponent)")
        let kepwarePassword = Secret(LabFiles.randomPassword())
        let agents = MQTTAgentRunner(trustFolder: trustFolder)
        let kepware = try await FakeKepwareConfigAPI.start(users: [Lab.kepwareUser: kepwarePassword.revealed], runner: agents,
                                                          knownTags: Set(SimulatedTags.all))
        parts.add(kepware: kepware, agents: agents)
        await agents.attach { [weak kepware] event, message in await kepware?.appendLog(event: event, message: message) }
        await kepware.appendLog(event: "Information", message: "IoT Gateway service starting (kepedge lab)")

        let secrets = "\(folder)/secrets"
        try AtomicFileWriter.makeFolder(secrets, mode: 0o700)
        let ownerFile = "\(secrets)/hub-owner-connection-string"
        let ownerConnectionString = HubOwnerConnectionString(hub: try IoTHubHost(parsing: Lab.hubHost), policyName: Lab.ownerPolicy, key: ownerKey).connectionString
        try LabFiles.writeSecret(ownerConnectionString, to: ownerFile)
        let eventHubConnectionStringFile = "\(secrets)/event-hub-compatible-connection-string"
        if let connectionString = amqp.connectionString(policy: Lab.ownerPolicy) { try LabFiles.writeSecret(connectionString, to: eventHubConnectionStringFile) }
        let kepwarePasswordFile = "\(secrets)/kepware-password"
        try LabFiles.writeSecret(kepwarePassword, to: kepwarePasswordFile)
        let edgeConfig = "\(folder)/\(edgeRelease == .v1_1 ? "config.yaml" : "config.toml")"
        let writeConfig = edgeRelease == .v1_1 ? LabFiles.edgeConfigYAML : LabFiles.edgeConfigTOML
        try AtomicFileWriter.write(Data(writeConfig(
            hostname, chain.rootCertificate, gatewayHub, Lab.edgeDeviceID,
            edge.authentication?.symmetricKey?.primaryKey ?? "", chain.deviceCAFullChain,
            chain.deviceCAKey).utf8), to: edgeConfig, mode: 0o600)

        let kepwareURL = "http://127.0.0.1:\(kepware.port)"
        var device: LabManifest.Device?
        var agentName: String?
        if options.provisionKepwareDevice {
            device = try await provisionDevice(hub: hub, table: table, edgeScope: edgeScope, secrets: secrets, now: now)
            try await enableAgent(kepware: kepware, password: kepwarePassword, gatewayPort: gatewayPort, tokenFile: device?.tokenFile ?? "")
            agentName = Lab.agentName
        }

        let upstreamLog = "\(folder)/upstream.log"
        // edgeHub's own counters, on their own plain-HTTP port as edgeHub's 9600 (docs/lab.md).
        let metrics = LabEdgeHubMetrics(hub: Lab.hubHost, edgeDevice: Lab.edgeDeviceID)
        var metricsURL: String?
        if fault != .brokerDown {
            let server = try await metrics.serve()
            parts.add(server: server)
            metricsURL = "http://127.0.0.1:\(server.port)\(EdgeHubMetricNames.path)"
        }
        _ = FileManager.default.createFile(atPath: upstreamLog, contents: nil)

        var prefill = Wizard.State(now: now)
        prefill.names.gatewayHost = hostname
        prefill.names.portText = String(gatewayPort)
        prefill.certificate.caPath = givenRoot
        prefill.device.hubText = Lab.hubHost
        prefill.device.edgeDeviceIDText = Lab.edgeDeviceID
        prefill.agent.agentNameText = Lab.agentName
        prefill.agent.kepwareURLText = kepwareURL
        prefill.agent.kepwareUser = Lab.kepwareUser
        prefill.agent.itemsText = SimulatedTags.all.joined(separator: ", ")
        var sessionState = prefill
        if let device {
            sessionState.device.deviceIDText = device.id
            // A deployed (faulty) lab: the wizard opens on the device that is already there.
            prefill.device.deviceIDText = device.id
        }
        let session = "\(folder)/session.json"
        try SessionStore(path: session).save(WizardSession(sessionState, savedAt: now))
        // Through a session, as a resumed wizard would be: each step's inputs follow from these fields.
        prefill = WizardSession(prefill, savedAt: now).restoredState(now: now)
        // The lab's own credentials are no lesson: the wizard starts with them (masked, in memory only).
        _ = Wizard.reduce(&prefill, .device(.ownerConnectionStringChanged(ownerConnectionString)))
        _ = Wizard.reduce(&prefill, .agent(.kepwarePasswordChanged(kepwarePassword)))

        var manifest = LabManifest(
            folder: folder, fault: fault?.rawValue,
            gateway: .init(host: hostname, address: "127.0.0.1", port: gatewayPort, running: fault != .brokerDown),
            hub: .init(host: Lab.hubHost, registryEndpoint: "127.0.0.1:\(hub.port)", registryCAFile: hub.caFile,
                       edgeDeviceID: Lab.edgeDeviceID, ownerConnectionStringFile: ownerFile),
            kepware: .init(url: kepwareURL, user: Lab.kepwareUser, passwordFile: kepwarePasswordFile, trustFolder: trustFolder, agentName: agentName),
            rootCAFile: givenRoot, device: device, edgeConfig: edgeConfig, brokerLog: broker.logFile,
            upstreamLog: upstreamLog, upstreamListenerPort: upstreamPort, edgeHubMetrics: metricsURL, session: session,
            checkCommand: LabCheckCommand.arguments(executable: options.kepedgeExecutable, session: session, device: device,
                                                    fault: fault, ownerFile: ownerFile, registryEndpoint: "127.0.0.1:\(hub.port)",
                                                    registryCA: hub.caFile, kepwarePasswordFile: kepwarePasswordFile,
                                                    brokerLog: broker.logFile, edgeHubMetrics: metricsURL,
                                                    hubEvents: ("127.0.0.1:\(amqp.port)", amqp.caFile)))
        manifest.hubEvents = .init(endpoint: "127.0.0.1:\(amqp.port)", namespaceHost: amqp.namespaceHost, entityPath: amqp.entityPath,
                                   caFile: amqp.caFile, connectionStringFile: eventHubConnectionStringFile)
        let lab = Lab(manifest: manifest, wizardPrefill: prefill, hub: hub, kepware: kepware, agents: agents, broker: broker, parts: parts)
        if fault != .brokerDown {
            parts.add(task: recordUpstream(lab.upstreamEvents(counting: metrics), into: upstreamLog))
            parts.add(task: LabHubEventsFeed.start(port: upstreamPort, endpoint: amqp) {
                LabUpstream.reachesUpstream(await hub.routes(edge: Lab.edgeDeviceID))
            })
        }
        return lab
    }

    // MARK: Parts

    static let upstreamRoutes = ["upstream": "FROM /messages/* WHERE NOT IS_DEFINED($connectionModuleId) INTO $upstream"]
    /// A gateway whose only route to IoT Hub takes a module's outputs (a deployment copied from the
    /// simulated-sensor quickstart): Kepware's messages match no route, and edgeHub drops them.
    static let routesWithoutUpstream = ["sensorToIoTHub": "FROM /messages/modules/SimulatedTemperatureSensor/outputs/* INTO $upstream"]

    private func subfolder(_ name: String) throws -> String {
        let path = "\(folder)/\(name)"
        try AtomicFileWriter.makeFolder(path, mode: 0o700)
        return path
    }

    /// The lab's chains last a year, not certGen.sh's 30 days: a lab is not a month-old gateway, and every
    /// screen warning "expires in 29 days" would teach engineers to ignore that warning.
    static let certificateDays = 365

    /// certGen.sh's chain for the gateway (for another name with `hostname-mismatch`, expired with `expired-cert`).
    private func certificates(now: Date) async throws -> CertificateChainGenerator.GeneratedChain {
        let hostname = options.hostname
        let certificateName = fault == .hostnameMismatch ? Self.mismatchedName(for: hostname) : hostname
        var request = CertificateChainGenerator.Request(hostname: certificateName, deviceCAName: "lab-edge", days: Self.certificateDays, now: now)
        if fault == .expiredCertificate {
            request.serverNotBefore = now.addingTimeInterval(-40 * 86_400)
            request.serverNotAfter = now.addingTimeInterval(-2 * 86_400)
        }
        let chainRequest = request
        let folder = try subfolder("certs")
        return try await LabCertificates.offCooperativePool { try CertificateChainGenerator.generate(chainRequest, into: folder) }
    }

    /// The root of an unrelated chain (another gateway's), for `wrong-ca`.
    private func otherRoot(now: Date) async throws -> String {
        let request = CertificateChainGenerator.Request(hostname: "other-gateway", deviceCAName: "other-edge", days: Self.certificateDays, now: now)
        let folder = try subfolder("other-gateway-certs")
        return try await LabCertificates.offCooperativePool { try CertificateChainGenerator.generate(request, into: folder) }.rootCertificate
    }

    /// The name a certificate was wrongly made for: the FQDN when Kepware dials a short name, else the short name.
    static func mismatchedName(for hostname: String) -> String {
        if let dot = hostname.firstIndex(of: "."), dot != hostname.startIndex { return String(hostname[..<dot]) }
        return "\(hostname).plant.local"
    }

    /// `kepware-lab-01`, a child of the edge device (no parent with `no-parent`), its key and a token (expired
    /// with `expired-token`) in 0600 files.
    private func provisionDevice(hub: FakeIoTHub, table: LabDeviceTable, edgeScope: String, secrets: String, now: Date) async throws -> LabManifest.Device {
        let registered = await hub.addDevice(Lab.kepwareDeviceID, scope: fault == .noParent ? nil : edgeScope)
        table.upsert(registered)  // the fake notifies only for devices created through its REST API
        guard let key = registered.primaryKey else { throw LabError("the lab hub made \(Lab.kepwareDeviceID) without a key") }
        let keyFile = "\(secrets)/\(Lab.kepwareDeviceID).key"
        try LabFiles.writeSecret(key.base64, to: keyFile)
        let expiry = fault == .expiredToken ? now.addingTimeInterval(-3_600) : now.addingTimeInterval(30 * 86_400)
        let token = SASToken.generate(resourceURI: "\(Lab.hubHost)/devices/\(Lab.kepwareDeviceID)", key: key,
                                      expiry: Int(expiry.timeIntervalSince1970), policyName: nil)
        let tokenFile = "\(secrets)/\(Lab.kepwareDeviceID).sas-token"
        try LabFiles.writeSecret(token.value, to: tokenFile)
        return LabManifest.Device(id: Lab.kepwareDeviceID, keyFile: keyFile, tokenFile: tokenFile)
    }

    /// Creates and enables the MQTT Client agent through the Configuration API, as the wizard's step 5 does.
    private func enableAgent(kepware: FakeKepwareConfigAPI, password: Secret, gatewayPort: Int, tokenFile: String) async throws {
        let token = (try? String(contentsOfFile: tokenFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let mqtt = try GatewayMQTTSettings(gatewayHostName: options.hostname, hub: try IoTHubHost(parsing: Lab.hubHost),
                                           device: try DeviceID(validating: Lab.kepwareDeviceID), port: gatewayPort)
        var settings = try KepwareAgentSettings(mqtt: mqtt, password: Secret(token), agentName: Lab.agentName)
        settings.rateMilliseconds = options.agentRateMilliseconds
        if fault == .noAPIVersion { settings.username = "\(Lab.hubHost)/\(Lab.kepwareDeviceID)/" }
        let client = try await KepwareConfigClient(endpoint: try KepwareEndpoint(host: "127.0.0.1", port: kepware.port, https: false),
                                                   user: Lab.kepwareUser, password: password, trust: .plainHTTP)
        defer { Task { await client.shutdown() } }
        try await client.createAgent(settings.configurationAPIBody(includePassword: true))
        _ = try await client.addItems(agent: Lab.agentName, items: SimulatedTags.all.map { KepwareIoTItem(serverTag: $0) })
    }

    /// Appends one line per message that arrived upstream to `path`.
    private func recordUpstream(_ events: AsyncStream<MonitorEvent>, into path: String) -> Task<Void, Never> {
        Task {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            defer { try? handle.close() }
            for await event in events {
                let line = "\(KepwareEventLogEntry.timestamp(event.time))Z \(event.deviceID ?? "?") \(event.text)\n"
                _ = try? handle.seekToEnd()
                try? handle.write(contentsOf: Data(line.utf8))
            }
        }
    }
}

/// The registry's leaf devices as the broker plugin's devices file, kept in step with the fake hub.
final class LabDeviceTable: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var devices: [String: RegistryDevice] = [:]

    init(path: String) { self.path = path }

    func replace(_ all: [RegistryDevice]) throws {
        try lock.withLock {
            devices = Dictionary(all.map { ($0.deviceId, $0) }, uniquingKeysWith: { _, last in last })
            try write()
        }
    }

    /// Called from the fake hub's actor on each change; a failed write leaves the previous file (atomic).
    func upsert(_ device: RegistryDevice) {
        lock.withLock {
            devices[device.deviceId] = device
            try? write()
        }
    }

    /// A device deleted from the hub leaves edgeHub's scope: the plugin no longer knows it.
    func remove(_ id: String) {
        lock.withLock {
            devices[id] = nil
            try? write()
        }
    }

    private func write() throws {
        try LabDevicesFile.write(devices.values.sorted { $0.deviceId < $1.deviceId }, to: path)
    }
}
