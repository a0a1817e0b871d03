import ArgumentParser
import KepEdgeCore

@main
struct KepEdgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kepedge",
        abstract: "Connect Kepware's MQTT agent to Azure IoT Hub through an IoT Edge gateway, and check every step.",
        version: KepEdgeVersion.current
    )
}
