import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes whole lines to a file descriptor from any thread, one `write(2)` per batch instead of one per line.
///
/// `write` only appends to a buffer; a thread of the writer's own takes everything buffered and writes it at
/// once, so while one write is on its way the next lines gather behind it (a flood becomes a few large writes,
/// a quiet stream still goes out line by line without delay). A line is appended whole, so lines from
/// different callers never interleave. The buffer is bounded: a caller waits while it is full.
public final class BatchedLineWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let limit: Int
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var closing = false
    private var failed = false
    private var writerDone = false
    /// Batches written so far (a test checks lines are batched).
    private var writes = 0

    /// - Parameter limit: bytes buffered at most before `write` waits (a line longer than this still goes).
    public init(fileDescriptor: Int32, limit: Int = 1 << 20) {
        descriptor = fileDescriptor
        self.limit = limit
        let thread = Thread { [self] in drain() }
        thread.name = "kepedge-writer"
        thread.start()
    }

    /// Appends `line` and a newline. False once the descriptor cannot be written (a closed pipe): nothing
    /// more will be.
    @discardableResult
    public func write(line: some Collection<UInt8>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !failed, !closing, !pending.isEmpty, pending.count + line.count > limit { condition.wait() }
        guard !failed, !closing else { return false }
        let wasEmpty = pending.isEmpty
        pending.append(contentsOf: line)
        pending.append(UInt8(ascii: "\n"))
        if wasEmpty { condition.broadcast() }
        return true
    }

    /// Writes what is buffered and stops the writer's thread; returns when it has. False when not everything
    /// could be written.
    @discardableResult
    public func finish() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !writerDone { condition.wait() }
        return !failed
    }

    /// Batches written so far: one `write(2)` each, unless the kernel took only part of one.
    public var batchesWritten: Int {
        condition.lock()
        defer { condition.unlock() }
        return writes
    }

    private func drain() {
        var batch: [UInt8] = []
        condition.lock()
        while true {
            while pending.isEmpty, !closing { condition.wait() }
            if pending.isEmpty { break }
            swap(&batch, &pending)
            condition.broadcast()  // room again for callers waiting on a full buffer
            condition.unlock()
            let complete = writeAll(batch)
            batch.removeAll(keepingCapacity: true)
            condition.lock()
            writes += 1
            if !complete {
                failed = true
                pending.removeAll()
                condition.broadcast()
                break
            }
        }
        writerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// One `write(2)` for the whole batch (more only when the kernel takes part of it, as a pipe may).
    private func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
