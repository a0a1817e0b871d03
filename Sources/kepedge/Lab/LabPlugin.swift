import Foundation
import KepEdgeLab

/// Finds the lab broker's plugin, `libkepedge-broker-auth.so`, which SwiftPM builds next to `kepedge`.
enum LabPlugin {
    static let environmentVariable = "KEPEDGE_BROKER_AUTH_PLUGIN"
    static let fileName = "libkepedge-broker-auth.so"

    /// `--plugin`, else the environment variable, else next to the executable.
    static func locate(given: String?, executable: String,
                       environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let given {
            guard FileManager.default.isReadableFile(atPath: given) else {
                throw CLIFailure.input("--plugin \(given): no such readable file; give the built \(fileName) (swift build --product kepedge-broker-auth)")
            }
            return given
        }
        if let path = environment[environmentVariable], !path.isEmpty {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CLIFailure.input("\(environmentVariable)=\(path): no such readable file; unset it or give the built \(fileName)")
            }
            return path
        }
        let beside = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(fileName).path
        guard FileManager.default.isReadableFile(atPath: beside) else {
            throw CLIFailure.checkFailed("the lab cannot start: \(LabSetupError.pluginMissing(looked: [beside]).description)")
        }
        return beside
    }
}
