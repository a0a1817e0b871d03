import Foundation

/// Drains an `AsyncStream` in the background and lets a test wait, with a timeout, for an element to arrive.
public final class StreamRecorder<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [Element] = []
    private var finished = false
    private var task: Task<Void, Never>?

    public init(_ stream: AsyncStream<Element>) {
        task = Task { [weak self] in
            for await element in stream {
                self?.lock.withLock { self?.elements.append(element) }
            }
            self?.lock.withLock { self?.finished = true }
        }
    }

    /// Everything received so far.
    public var received: [Element] { lock.withLock { elements } }
    /// Whether the stream has ended.
    public var isFinished: Bool { lock.withLock { finished } }

    /// The first element (from `after` on) matching `predicate`, or nil once `timeout` seconds passed.
    public func wait(for timeout: Double, after index: Int = 0, _ predicate: (Element) -> Bool) async -> (index: Int, element: Element)? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let snapshot = received
            if index < snapshot.count, let found = snapshot[index...].firstIndex(where: predicate) {
                return (found, snapshot[found])
            }
            if Date() >= deadline { return nil }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// Waits up to `timeout` seconds for the stream to end.
    public func waitUntilFinished(timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !isFinished, Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        return isFinished
    }

    public func cancel() { task?.cancel() }
}

/// `mosquitto_passwd -c -b`: a password file for the broker fixture's `password_file` line.
public enum MosquittoPasswordFile {
    public static func create(in directory: TemporaryDirectory, name: String = "passwords", username: String, password: String) throws -> String {
        let path = directory.file(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_passwd")
        process.arguments = ["-c", "-b", path, username, password]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); throw FixtureError("mosquitto_passwd did not finish") }
        guard process.terminationStatus == 0 else { throw FixtureError("mosquitto_passwd failed with status \(process.terminationStatus)") }
        return path
    }
}
