import Foundation

/// A temporary folder removed when the test is done (call `remove()` in a defer).
public struct TemporaryFolder: Sendable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("kepedge-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` (or raw bytes) to `name` inside the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }

    public func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    public func remove() {
        try? FileManager.default.removeAll(atPath: path)
    }
}

extension FileManager {
    /// Restores permissions first so a chmod 000 fixture cannot survive the test.
    fileprivate func removeAll(atPath path: String) throws {
        if let files = enumerator(atPath: path) {
            for case let file as String in files {
                try? setAttributes([.posixPermissions: 0o700], ofItemAtPath: (path as NSString).appendingPathComponent(file))
            }
        }
        try removeItem(atPath: path)
    }
}

