import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Step 5's effect: the Configuration API calls behind `.pushAgent`.
extension RuntimeEffects {
    /// Pushes the agent and waits for the connected line. Not connecting in time is an outcome, not a
    /// failure: the step shows it as failed with the Warning/Error lines that mention the agent.
    static func pushAgent(_ request: AgentPushRequest, configuration: WizardRuntimeConfiguration) async -> Result<AgentPushOutcome, StepFailure> {
        let client: KepwareConfigClient
        switch await kepwareClient(request.login, configuration) {
        case .success(let made): client = made
        case .failure(let failure): return .failure(failure)
        }
        let result: Result<AgentPushOutcome, StepFailure>
        do {
            let report = try await KepwareAgentPusher(client: client)
                .push(request.settings, items: request.items, connectTimeout: configuration.agentConnectTimeout,
                      pollInterval: configuration.agentPollInterval)
            result = .success(outcome(report))
        } catch {
            result = .failure(StepFailure(error.headline, fix: error.fix))
        }
        await client.shutdown()
        return result
    }

    /// Read-only (`kepedge check`): the API, the plug-in, the agent and the event log of the last day.
    static func inspectAgent(_ request: AgentInspectRequest, configuration: WizardRuntimeConfiguration) async -> Result<KepwareAgentInspection, StepFailure> {
        let client: KepwareConfigClient
        switch await kepwareClient(request.login, configuration) {
        case .success(let made): client = made
        case .failure(let failure): return .failure(failure)
        }
        let result = await inspect(client, agentName: request.agentName)
        await client.shutdown()
        return result
    }

    private static func inspect(_ client: KepwareConfigClient, agentName: String) async -> Result<KepwareAgentInspection, StepFailure> {
        let window = KepwareAgentInspection.standardLogWindow
        do {
            _ = try await client.about()
        } catch {
            return .failure(StepFailure(error.headline, fix: error.fix))
        }
        var inspection = KepwareAgentInspection(baseURL: client.endpoint.baseURL, user: client.user, hasIoTGateway: false,
                                                agent: nil, eventLog: [], logWindow: window)
        do {
            inspection.hasIoTGateway = try await client.hasIoTGateway()
            guard inspection.hasIoTGateway else { return .success(inspection) }
            inspection.agent = try await client.agent(agentName)
            guard inspection.agent != nil else { return .success(inspection) }
            inspection.eventLog = try await client.eventLog(limit: 500, start: Date().addingTimeInterval(-window))
        } catch {
            inspection.readFailure = StepFailure(error.headline, fix: error.fix)
        }
        return .success(inspection)
    }

    /// HTTP as is; HTTPS trusts the configured certificate file, else the fingerprint the engineer
    /// confirmed, else refuses and shows the fingerprint to confirm (verification is never turned off).
    private static func kepwareClient(_ login: KepwareLogin, _ configuration: WizardRuntimeConfiguration) async -> Result<KepwareConfigClient, StepFailure> {
        if let connect = configuration.kepwareConnector { return await connect(login) }
        let endpoint = login.endpoint
        let trust: KepwareTrust
        if !endpoint.https {
            trust = .plainHTTP
        } else if let file = configuration.kepwareCertificateFile {
            trust = .certificateFile(file)
        } else if let fingerprint = login.trustedFingerprint {
            trust = .fingerprint(fingerprint)
        } else {
            let timeout = min(configuration.kepwareTimeout, 10)
            do {
                let seen = try await CertificateFingerprint.fetch(host: endpoint.host, port: endpoint.port, timeoutSeconds: timeout)
                return .failure(StepFailure(
                    "Kepware's certificate at \(endpoint.baseURL) is not trusted yet; its SHA-256 fingerprint is \(seen.fingerprint)",
                    fix: "Compare it with Kepware's instance certificate on the Kepware machine, then type it in the fingerprint field."))
            } catch {
                return .failure(StepFailure(
                    "could not read the certificate of \(endpoint.baseURL) (\(error))",
                    fix: "Check that the Configuration API has HTTPS enabled on port \(endpoint.port), or use http://…:57412."))
            }
        }
        do {
            return .success(try await KepwareConfigClient(
                endpoint: endpoint, user: login.user, password: login.password, trust: trust, environment: [:],
                connectTimeout: min(configuration.kepwareTimeout, 10), readTimeout: configuration.kepwareTimeout))
        } catch {
            return .failure(StepFailure(error.headline, fix: error.fix))
        }
    }

    private static func outcome(_ report: KepwareAgentPushReport) -> AgentPushOutcome {
        let problems = (report.verdict?.problems ?? []).map { "\($0.timestamp) \($0.event): \($0.message)" }
        return AgentPushOutcome(
            created: report.created,
            itemFailures: report.itemFailures.map { "\($0.name ?? "?"): \($0.message ?? "refused (\($0.code))")" },
            differences: report.diff.differences.map { "\($0.property): Kepware has \($0.actual), kepedge sent \($0.expected)" },
            connectedLine: report.verdict?.connectedEntry?.message,
            eventLogProblems: report.verdict?.connected == false ? problems : [])
    }
}
