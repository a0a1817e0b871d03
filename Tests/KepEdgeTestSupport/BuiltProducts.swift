import Foundation

/// Files SwiftPM builds into its products folder (next to the test bundle), such as the lab broker's plugin.
public enum BuiltProducts {
    public static let brokerAuthPlugin = "libkepedge-broker-auth.so"

    /// `name` in the products folder, or `$environmentVariable` when set.
    public static func path(of name: String, environmentVariable: String? = nil) throws -> String {
        if let variable = environmentVariable, let override = ProcessInfo.processInfo.environment[variable], !override.isEmpty {
            return override
        }
        var directories: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent())
        for directory in directories {
            var current = directory
            for _ in 0..<4 {
                let candidate = current.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                current = current.deletingLastPathComponent()
            }
        }
        throw FixtureError("\(name) not found next to the tests (looked in \(directories.map(\.path))); run 'swift build' first")
    }
}
