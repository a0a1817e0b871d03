import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A backend without a terminal: keeps the last frame for tests to read and takes keys from `type(_:)`.
/// Its input descriptor is a real pipe, so the UI loop polls it exactly as it polls stdin.
public final class MemoryBackend: TerminalBackend, @unchecked Sendable {
    private let lock = NSLock()
    private var pendingKeys: [Key] = []
    private var currentSize: TerminalSize
    private var frames: [CellGrid] = []
    private var shutDown = false
    private var invalidations = 0
    private let pipeRead: Int32
    private let pipeWrite: Int32
    public let capabilities: TerminalCapabilities

    public init(size: TerminalSize, capabilities: TerminalCapabilities = TerminalCapabilities(unicode: true, colors: .none)) {
        currentSize = size
        self.capabilities = capabilities
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        pipeRead = fds[0]
        pipeWrite = fds[1]
        if pipeRead >= 0 { _ = fcntl(pipeRead, F_SETFL, fcntl(pipeRead, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        close(pipeRead)
        close(pipeWrite)
    }

    public var size: TerminalSize { lock.withLock { currentSize } }
    public var inputFileDescriptor: Int32 { pipeRead }

    /// The last frame drawn, if any.
    public var lastFrame: CellGrid? { lock.withLock { frames.last } }
    /// How many frames have been drawn.
    public var frameCount: Int { lock.withLock { frames.count } }
    public var isShutDown: Bool { lock.withLock { shutDown } }
    /// How often the loop asked for a full repaint (Ctrl-L, resize).
    public var invalidationCount: Int { lock.withLock { invalidations } }

    /// Queues keys as if typed, from any thread.
    public func type(_ keys: [Key]) {
        lock.withLock { pendingKeys.append(contentsOf: keys) }
        var byte: UInt8 = 1
        _ = write(pipeWrite, &byte, 1)
    }

    /// Changes the size and queues a resize key, as a terminal does.
    public func resize(to size: TerminalSize) {
        lock.withLock { currentSize = size }
        type([.resize])
    }

    public func draw(_ grid: CellGrid) {
        lock.withLock { frames.append(grid) }
    }

    public func invalidate() {
        lock.withLock { invalidations += 1 }
    }

    public func readKeys() -> [Key] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(pipeRead, &buffer, buffer.count) > 0 {}
        return lock.withLock {
            defer { pendingKeys.removeAll() }
            return pendingKeys
        }
    }

    public func shutdown() {
        lock.withLock { shutDown = true }
    }
}
