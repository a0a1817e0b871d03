import Foundation
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// Issue 17, item 3: every file a user names is read through `BoundedFile`: a regular file only, at most
/// a limit (counted on what is read, not on `stat`), never blocking on a FIFO.
@Suite struct BoundedFileTests {
    /// Runs `body` on a thread and gives up after `seconds`: a blocking open must fail the test, not hang it.
    private func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Thread { box.value = body(); done.signal() }.start()
        return done.wait(timeout: .now() + seconds) == .success ? box.value : nil
    }

    @Test("/dev/zero (stat says 0 bytes, it never ends) is refused as a device, before any read")
    func devZero() {
        #expect(throws: BoundedFile.Failure.notARegularFile(kind: "a character device")) { try BoundedFile.read(path: "/dev/zero", limit: 4096) }
    }

    @Test("a FIFO is refused at once, not waited on")
    func fifo() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("pipe")
        #expect(mkfifo(path, 0o600) == 0)
        let outcome = within(5) { () -> String in
            do { _ = try BoundedFile.read(path: path, limit: 1024); return "read" } catch { return String(describing: error) }
        }
        #expect(outcome == "is a FIFO (named pipe), not a regular file")
    }

    @Test("a directory, a missing file, a file over the limit, and a file at the limit")
    func kinds() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: BoundedFile.Failure.isADirectory) { try BoundedFile.read(path: folder.path, limit: 10) }
        #expect(throws: BoundedFile.Failure.notFound) { try BoundedFile.read(path: folder.file("none"), limit: 10) }
        let eleven = try folder.write("eleven", "12345678901")
        #expect(throws: BoundedFile.Failure.tooLarge(limit: 10)) { try BoundedFile.read(path: eleven, limit: 10) }
        #expect(try BoundedFile.read(path: eleven, limit: 11) == Data("12345678901".utf8))
    }

    @Test("a log's tail starts at a whole line")
    func tail() throws {
        let folder = try TemporaryDirectory()
        let log = try folder.write("log", "first line\nsecond\nthird\n")
        #expect(String(decoding: try BoundedFile.readTail(path: log, limit: 13), as: UTF8.self) == "third\n")
        #expect(String(decoding: try BoundedFile.readTail(path: log, limit: 100), as: UTF8.self) == "first line\nsecond\nthird\n")
    }

    @Test("a secret file that is a FIFO or /dev/zero is refused with one reason", arguments: ["fifo", "/dev/zero"])
    func secretFile(kind: String) throws {
        let folder = try TemporaryDirectory()
        let path = kind == "fifo" ? folder.file("key") : kind
        if kind == "fifo" { #expect(mkfifo(path, 0o600) == 0) }
        let outcome = within(5) { () -> String in
            do { _ = try SecretInput.read(file: path); return "read" } catch { return String(describing: error) }
        }
        let expected = kind == "fifo" ? "\(path) cannot be read: it is a FIFO (named pipe), not a regular file"
            : "\(path) cannot be read: it is a character device, not a regular file"
        #expect(outcome == expected)
    }

    @Test("a session or CA file that is a FIFO fails at once", arguments: ["session", "ca"])
    func sessionAndCA(kind: String) throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("fifo")
        #expect(mkfifo(path, 0o600) == 0)
        let outcome = within(5) { () -> String in
            do {
                if kind == "session" { _ = try SessionStore(path: path).load() } else { _ = try CertificateFile.read(path: path) }
                return "read"
            } catch { return String(describing: error) }
        }
        #expect(outcome?.contains("FIFO") == true)
    }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    var value: T?
}
