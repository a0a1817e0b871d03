import Foundation

/// A fresh directory under the system temp folder, removed by `remove()` (tests call it in `defer`).
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "kepedge-test") throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.url = url
    }

    public var path: String { url.path }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    @discardableResult
    public func write(_ text: String, to name: String) throws -> URL {
        let target = file(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
        return target
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
