import Foundation
import KepEdgeCore
import Testing

/// `docker inspect edgeHub` output, in the Docker Engine API's shape (`GET /containers/{id}/json`), trimmed to
/// the fields read: State, NetworkSettings.Networks, HostConfig.PortBindings, Config.Env.
@Suite("edgeHub's metrics endpoint from docker inspect")
struct EdgeHubContainerInspectionTests {
    static func inspect(running: Bool = true, status: String = "running", env: [String] = ["IOTEDGE_WORKLOADURI=unix:///var/run/iotedge/workload.sock"],
                        networks: [String: String] = ["azure-iot-edge": "172.18.0.3"], binding: String? = nil) throws -> EdgeHubContainerInspection {
        var hostConfig: [String: Any] = ["NetworkMode": "azure-iot-edge"]
        if let binding { hostConfig["PortBindings"] = ["9600/tcp": [["HostIp": "", "HostPort": binding]], "8883/tcp": [["HostPort": "8883"]]] }
        let container: [String: Any] = [
            "Name": "/edgeHub",
            "State": ["Status": status, "Running": running],
            "Config": ["Env": env],
            "HostConfig": hostConfig,
            "NetworkSettings": ["Networks": networks.mapValues { ["IPAddress": $0, "Gateway": "172.18.0.1"] }],
        ]
        let data = try JSONSerialization.data(withJSONObject: [container])
        return try #require(EdgeHubContainerInspection(dockerInspectJSON: data))
    }

    @Test("the container's address on azure-iot-edge, port 9600")
    func containerAddress() throws {
        let inspection = try Self.inspect(networks: ["bridge": "172.17.0.2", "azure-iot-edge": "172.18.0.3"])
        #expect(inspection.candidates.map(\.url) == ["http://172.18.0.3:9600/metrics", "http://172.17.0.2:9600/metrics"])
        #expect(inspection.candidates.first?.origin == .containerAddress)
        #expect(inspection.blocker == nil)
    }

    @Test("a host port mapped to 9600 in createOptions comes first")
    func mappedPort() throws {
        let inspection = try Self.inspect(binding: "9601")
        #expect(inspection.candidates.first == EdgeHubMetricsEndpoint(url: "http://127.0.0.1:9601/metrics", origin: .mappedPort))
    }

    @Test("not running, httpSettings__enabled=false (any case), nothing to try: each says why and what to do")
    func blockers() throws {
        let stopped = try Self.inspect(running: false, status: "exited")
        #expect(stopped.blocker?.reason.contains("not running (Docker says exited)") == true)
        let disabled = try Self.inspect(env: ["HttpSettings__Enabled=False"])
        #expect(disabled.blocker?.reason.contains("httpSettings__enabled=false") == true)
        #expect(disabled.blocker?.fix.contains("remove httpSettings__enabled=false") == true)
        let isolated = try Self.inspect(networks: [:])
        #expect(isolated.blocker?.fix.contains("PortBindings") == true)
    }

    @Test("something else than a container's JSON is not read")
    func notJSON() {
        #expect(EdgeHubContainerInspection(dockerInspectJSON: Data("Error: No such object: edgeHub".utf8)) == nil)
        #expect(EdgeHubContainerInspection(dockerInspectJSON: Data("[]".utf8)) == nil)
    }
}
