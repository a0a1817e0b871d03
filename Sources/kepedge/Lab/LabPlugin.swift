import Foundation
import KepEdgeLab

/// Finds the lab broker's plugin, `libkepedge-broker-auth.so`, which SwiftPM builds next to `kepedge`
/// and the Debian package installs in /usr/lib/kepedge.
enum LabPlugin {
    static let environmentVariable = "KEPEDGE_BROKER_AUTH_PLUGIN"
    static let fileName = "libkepedge-broker-auth.so"

    /// `--plugin`, else the environment variable, else next to the executable or where the package puts it.
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
        let candidates = Self.installedPlaces(executable: executable)
        guard let found = candidates.first(where: FileManager.default.isReadableFile(atPath:)) else {
            throw CLIFailure.checkFailed("the lab cannot start: \(LabSetupError.pluginMissing(looked: candidates).description)")
        }
        return found
    }

    /// Next to the executable (SwiftPM's products folder), then `../lib/kepedge/` beside its `bin/`:
    /// the Debian package installs `/usr/bin/kepedge` and `/usr/lib/kepedge/libkepedge-broker-auth.so` (docs/packaging.md).
    static func installedPlaces(executable: String) -> [String] {
        let folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        return [
            folder.appendingPathComponent(fileName).path,
            folder.deletingLastPathComponent().appendingPathComponent("lib/kepedge").appendingPathComponent(fileName).path,
        ]
    }
}
