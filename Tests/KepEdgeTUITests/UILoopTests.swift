import Foundation
import Testing
import KepEdgeCore
import KepEdgeTUI

/// The loop with the memory backend: real threads, real pipes, no terminal.
@Suite struct UILoopTests {
    private typealias Loop = UILoop<FrameworkDemo.State, MonitorEvent>

    private func makeLoop() -> Loop {
        Loop(initialState: FrameworkDemo.initialState(), handlesSignals: false,
             reducer: FrameworkDemo.reduce, renderer: { FrameworkDemo.render($0, size: $1, capabilities: $2) })
    }

    /// Runs the loop on its own thread; returns when it ends or after `timeout`.
    private func run(_ loop: Loop, backend: MemoryBackend, timeout: Duration = .seconds(10),
                     while driving: () throws -> Void) throws -> UILoopOutcome<FrameworkDemo.State>? {
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: UILoopOutcome<FrameworkDemo.State>?
        Thread.detachNewThread {
            outcome = try? loop.run { backend }
            finished.signal()
        }
        try driving()
        let seconds = Double(timeout.components.seconds)
        guard finished.wait(timeout: .now() + seconds) == .success else { return nil }
        return outcome
    }

    private func waitFor(_ what: String, in backend: MemoryBackend, _ condition: (CellGrid) -> Bool) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let frame = backend.lastFrame, condition(frame) { return }
            usleep(10_000)
        }
        Issue.record("timed out waiting for \(what); last frame:\n\(backend.lastFrame?.goldenText ?? "(none)")")
        throw CancellationError()
    }

    @Test func keysEditTheFocusedFieldAndQuitAsksWhenThereIsUnsavedWork() throws {
        let backend = MemoryBackend(size: TerminalSize(width: 80, height: 24))
        let loop = makeLoop()
        let outcome = try run(loop, backend: backend) {
            try waitFor("first frame", in: backend) { _ in true }
            backend.type([.end, .character("x")])
            try waitFor("typed text", in: backend) { $0.rowText(4).contains("plant.localx") }
            backend.type([.character("q")])  // edits: asks first
            try waitFor("quit question", in: backend) { grid in (0..<24).contains { grid.rowText($0).contains("Quit anyway?") } }
            backend.type([.escape])
            try waitFor("question closed", in: backend) { grid in !(0..<24).contains { grid.rowText($0).contains("Quit anyway?") } }
            backend.type([.function(10), .character("y")])
        }
        let result = try #require(outcome, "the loop did not end")
        #expect(result.signal == nil)
        #expect(result.state.fields[0].text.value == "edge-gw-01.plant.localx")
        #expect(backend.isShutDown)
    }

    @Test func actionsSentFromOtherThreadsWakeTheLoopAndAreRendered() throws {
        let backend = MemoryBackend(size: TerminalSize(width: 80, height: 24))
        let loop = makeLoop()
        let outcome = try run(loop, backend: backend) {
            try waitFor("first frame", in: backend) { _ in true }
            let group = DispatchGroup()
            for sender in 0..<4 {
                DispatchQueue.global().async(group: group) {
                    for index in 0..<25 {
                        loop.send(FrameworkDemo.message("event \(sender)-\(index)"))
                    }
                }
            }
            group.wait()
            // Sent after all the others: once it is on screen, every earlier action has been reduced
            // (a sender's own last event can be drawn while other senders are still sending).
            loop.send(FrameworkDemo.message("all sent"))
            try waitFor("the last event", in: backend) { grid in (0..<24).contains { grid.rowText($0).contains("all sent") } }
            backend.type([.function(10)])
        }
        let result = try #require(outcome, "the loop did not end")
        #expect(result.state.messages.totalAppended == 4 + 100 + 1)  // none lost, none doubled
    }

    @Test func resizeRerendersAtTheNewSizeAndTooSmallComesBack() throws {
        let backend = MemoryBackend(size: TerminalSize(width: 80, height: 24))
        let loop = makeLoop()
        let outcome = try run(loop, backend: backend) {
            try waitFor("first frame", in: backend) { $0.width == 80 }
            backend.resize(to: TerminalSize(width: 60, height: 20))
            try waitFor("too-small message", in: backend) { grid in grid.width == 60 && (0..<20).contains { grid.rowText($0).contains("Enlarge the terminal to 80x24") } }
            backend.resize(to: TerminalSize(width: 120, height: 40))
            try waitFor("the screen back", in: backend) { $0.width == 120 && $0.rowText(0).contains("120x40 r2") }
            backend.type([.character("q")])
        }
        #expect(try #require(outcome).state.resizeCount == 2)
    }
}

@Suite struct UILoopTimingTests {
    @Test func ticksArriveAtTheIntervalWithoutKeys() throws {
        let backend = MemoryBackend(size: TerminalSize(width: 80, height: 24))
        let loop = UILoop<Int, Never>(initialState: 0, tickInterval: .milliseconds(20), handlesSignals: false,
                                      reducer: { ticks, event in
                                          if case .tick = event { ticks += 1 }
                                          return ticks >= 5 ? .quit : .keepRunning
                                      },
                                      renderer: { _, size, _ in CellGrid(size: size) })
        let started = ContinuousClock.now
        let outcome = try loop.run { backend }
        #expect(outcome.state == 5)
        #expect(ContinuousClock.now - started >= .milliseconds(80))
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func ctrlLRepaintsEverythingAndIsNotPassedOn() throws {
        let backend = MemoryBackend(size: TerminalSize(width: 80, height: 24))
        let loop = UILoop<[Key], Never>(initialState: [], handlesSignals: false,
                                        reducer: { keys, event in
                                            if case .key(let key) = event { keys.append(key) }
                                            return keys.last == .function(10) ? .quit : .keepRunning
                                        },
                                        renderer: { _, size, _ in CellGrid(size: size) })
        backend.type([.control("l"), .character("a"), .function(10)])
        let outcome = try loop.run { backend }
        #expect(outcome.state == [.character("a"), .function(10)])
        #expect(backend.invalidationCount == 1)
    }
}

@Suite struct UILoopAsyncTests {
    @Test func theAsyncRunSuspendsUntilTheLoopEnds() async throws {
        let backend = MemoryBackend(size: TerminalSize(width: 80, height: 24))
        let loop = UILoop<FrameworkDemo.State, MonitorEvent>(
            initialState: FrameworkDemo.initialState(), handlesSignals: false,
            reducer: FrameworkDemo.reduce, renderer: { FrameworkDemo.render($0, size: $1, capabilities: $2) })
        backend.type([.tab, .tab, .character("q")])
        let outcome = try await loop.run { backend }
        #expect(outcome.state.focus == 2)
        #expect(outcome.signal == nil)
        #expect(backend.isShutDown)
        #expect(backend.frameCount >= 1)
    }
}
