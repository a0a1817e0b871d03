import ArgumentParser
import KepEdgeCore

/// The agent's MQTT settings as `agent print`, `agent push` and `agent rotate` take them.
struct AgentSettingsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The IoT Edge gateway's host name, exactly as its config names it (hostname in /etc/aziot/config.toml).", valueName: "host"))
    var gateway: String?

    @OptionGroup var identity: HubDeviceOptions

    @Option(help: ArgumentHelp("The api-version in the MQTT username (default \(GatewayMQTTSettings.defaultAPIVersion)); edgeHub requires one.", valueName: "version"))
    var apiVersion: String = GatewayMQTTSettings.defaultAPIVersion

    @Option(help: ArgumentHelp("MQTT QoS, 0 or 1 (default 1). IoT Hub and edgeHub close the connection on QoS 2.", valueName: "level"))
    var qos: String = "1"

    @Option(help: ArgumentHelp("The agent's name in Kepware (default: the device id).", valueName: "name"))
    var agentName: String?

    /// The gateway MQTT settings, or one input error line.
    func mqttSettings() throws -> GatewayMQTTSettings {
        guard let gateway, !gateway.isEmpty else {
            throw CLIFailure.input("--gateway is missing: give the IoT Edge gateway's host name as its config names it")
        }
        let hub = try identity.resolvedHub()
        let device = try identity.resolvedDevice()
        let qosLevel: MQTTQoS
        do {
            guard let level = Int(qos) else { throw CLIFailure.input("--qos \"\(qos.prefix(10))\" is not a number; use 1 (at least once) or 0") }
            qosLevel = try MQTTQoS(level: level)
        } catch let error as MQTTQoSError {
            throw CLIFailure.input("--qos: \(error.description)")
        }
        do {
            return try GatewayMQTTSettings(gatewayHostName: gateway, hub: hub, device: device, apiVersion: apiVersion, qos: qosLevel)
        } catch {
            switch error {
            case .badGatewayHostName: throw CLIFailure.input("--gateway: \(error.description)")
            case .badAPIVersion: throw CLIFailure.input("--api-version: \(error.description)")
            case .badPort: throw CLIFailure.input("port: \(error.description)")  // not a flag here: 8883 is fixed
            }
        }
    }

    /// The agent settings with `password`, or one input error line about the name.
    func agentSettings(mqtt: GatewayMQTTSettings, password: Secret) throws -> KepwareAgentSettings {
        do {
            return try KepwareAgentSettings(mqtt: mqtt, password: password, agentName: agentName ?? mqtt.device.rawValue)
        } catch {
            throw CLIFailure.input("\(agentName == nil ? "the device id as agent name" : "--agent-name"): \(error.description); give --agent-name")
        }
    }
}
