import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    /// The file is opened close-on-exec: tests spawn processes on other threads all the time, and a
    /// child that inherited the write descriptor would make executing this file fail ("Text file busy").
    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FixtureError("cannot write \(file.path): errno \(errno)") }
        defer { close(fd) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FixtureError("cannot write \(file.path): errno \(errno)")
                }
                offset += written
            }
        }
        fchmod(fd, 0o600)
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
