import Foundation
import KepEdgeProbes
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 19: `kepedge monitor` writes its lines through `BatchedLineWriter`: every line, whole and in order,
/// in few `write(2)` calls when lines come faster than the reader takes them.
@Suite struct BatchedLineWriterTests {
    /// A pipe whose read end is drained on a thread into `bytes` once `startReading()` is called.
    final class Pipe: @unchecked Sendable {
        let readEnd: Int32
        let writeEnd: Int32
        private let done = DispatchSemaphore(value: 0)
        private(set) var bytes: [UInt8] = []

        init() {
            var ends: [Int32] = [-1, -1]
            precondition(pipe(&ends) == 0)
            readEnd = ends[0]
            writeEnd = ends[1]
        }

        func startReading() {
            Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(readEnd, &buffer, buffer.count)
                    if count <= 0 { break }
                    bytes.append(contentsOf: buffer[0..<count])
                }
                done.signal()
            }.start()
        }

        /// Closes the write end and waits for the reader to see the end; the text read.
        func closeAndRead() -> String {
            close(writeEnd)
            _ = done.wait(timeout: .now() + 10)
            close(readEnd)
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Fills the pipe's kernel buffer so the next write blocks until the reader starts; the filler's size.
        func fill() -> Int {
            let flags = fcntl(writeEnd, F_GETFL)
            _ = fcntl(writeEnd, F_SETFL, flags | O_NONBLOCK)
            let chunk = [UInt8](repeating: UInt8(ascii: "."), count: 4096)
            var filled = 0
            while true {
                let written = write(writeEnd, chunk, chunk.count)
                if written <= 0 { break }
                filled += written
            }
            _ = fcntl(writeEnd, F_SETFL, flags)
            return filled
        }
    }

    @Test("every line arrives whole and in order, and lines that gather while a write blocks go out in one write")
    func linesInOrderAndBatched() {
        let pipe = Pipe()
        let filler = pipe.fill()
        let writer = BatchedLineWriter(fileDescriptor: pipe.writeEnd)
        let lines = (0..<20_000).map { "line \($0) {\"source\":\"kepware\"}" }
        for line in lines { #expect(writer.write(line: line.utf8)) }
        pipe.startReading()
        #expect(writer.finish())
        let text = pipe.closeAndRead()
        #expect(text.dropFirst(filler) == lines.joined(separator: "\n") + "\n")
        // The first write blocked on the full pipe; everything after it waited in the buffer and went at once.
        #expect(writer.batchesWritten <= 2)
    }

    @Test("lines written from several threads are never cut or mixed, and each thread's stay in order")
    func severalThreads() {
        let pipe = Pipe()
        pipe.startReading()
        let writer = BatchedLineWriter(fileDescriptor: pipe.writeEnd, limit: 4096)
        let group = DispatchGroup()
        for thread in 0..<4 {
            group.enter()
            Thread {
                for number in 0..<2_000 { writer.write(line: "thread \(thread) line \(number) end".utf8) }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(writer.finish())
        let received = pipe.closeAndRead().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(received.count == 4 * 2_000 + 1 && received.last == "")
        for thread in 0..<4 {
            let own = received.filter { $0.hasPrefix("thread \(thread) ") }
            #expect(own == (0..<2_000).map { "thread \(thread) line \($0) end"[...] })
        }
    }

    @Test("once the reader is gone, writes say so instead of blocking")
    func closedPipe() {
        signal(SIGPIPE, SIG_IGN)
        let pipe = Pipe()
        close(pipe.readEnd)
        let writer = BatchedLineWriter(fileDescriptor: pipe.writeEnd)
        var refused = false
        for number in 0..<100_000 where !writer.write(line: "line \(number)".utf8) {
            refused = true
            break
        }
        #expect(refused)
        #expect(!writer.finish())
        close(pipe.writeEnd)
    }
}
