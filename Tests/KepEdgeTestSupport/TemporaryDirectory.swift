import Foundation

/// A fresh directory under the system temp folder, removed when the value is released
/// (or earlier, by `remove()`).
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(prefix: String = "kepedge-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    /// The path of `name` inside the directory (nothing is created).
    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `contents` to `name` inside the directory (mode 0600, parents created) and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return file.path
    }

    /// Removes the directory; restores permissions first so a chmod 000 fixture cannot survive the test.
    public func remove() {
        let manager = FileManager.default
        if let files = manager.enumerator(atPath: path) {
            for case let file as String in files {
                try? manager.setAttributes(
                    [.posixPermissions: 0o700], ofItemAtPath: url.appendingPathComponent(file).path)
            }
        }
        try? manager.removeItem(at: url)
    }

    deinit {
        remove()
    }
}
