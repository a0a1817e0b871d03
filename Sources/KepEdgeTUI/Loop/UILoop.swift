import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one thread that owns the terminal. It `poll`s the backend's input and a wake pipe; other threads
/// `send` actions (a locked queue plus one byte on the pipe). Each turn it drains keys and actions
/// through the caller's reducer, then renders the state into a grid and hands it to the backend.
/// Signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) arrive as bytes on the same pipe and end the loop, which then
/// shuts the backend down (curses: `endwin`) on its own thread.
public final class UILoop<State, Action: Sendable>: @unchecked Sendable {
    public typealias Reducer = (inout State, UIEvent<Action>) -> UILoopDecision
    public typealias Renderer = (State, TerminalSize, TerminalCapabilities) -> CellGrid

    private let lock = NSLock()
    private var queue: [Action] = []
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private var state: State
    private let reducer: Reducer
    private let renderer: Renderer
    private let tickInterval: Duration?
    private let handlesSignals: Bool
    private let reportsInitialSize: Bool

    /// - Parameters:
    ///   - tickInterval: when set, `.tick` events arrive this often (spinners); nil: only keys and actions wake the loop.
    ///   - handlesSignals: route SIGINT/SIGTERM/SIGHUP/SIGQUIT and Ctrl-Z to the loop (the real terminal); off in tests.
    ///   - reportsInitialSize: the reducer's first event is `.resized` with the terminal's size at start,
    ///     so a reducer that needs the size learns it only from the loop's events.
    public init(initialState: State, tickInterval: Duration? = nil, handlesSignals: Bool = true, reportsInitialSize: Bool = false,
                reducer: @escaping Reducer, renderer: @escaping Renderer) {
        state = initialState
        self.reducer = reducer
        self.renderer = renderer
        self.tickInterval = tickInterval
        self.handlesSignals = handlesSignals
        self.reportsInitialSize = reportsInitialSize
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        for fd in fds where fd >= 0 { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Queues `action` for the reducer and wakes the loop. Safe from any thread.
    public func send(_ action: Action) {
        lock.withLock { queue.append(action) }
        var byte: UInt8 = 0
        _ = write(wakeWrite, &byte, 1)
    }

    /// Runs the loop on a new dedicated thread and waits for it to end. `makeBackend` is called on that
    /// thread, so curses is started, used and ended by the same thread.
    public func run(makeBackend: @escaping @Sendable () throws -> TerminalBackend) throws -> UILoopOutcome<State> {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<UILoopOutcome<State>, Error>?
        let thread = Thread { [self] in
            result = Result { try self.runOnCurrentThread(makeBackend: makeBackend) }
            done.signal()
        }
        thread.name = "kepedge-ui"
        thread.start()
        done.wait()
        guard let result else { throw CancellationError() }
        return try result.get()
    }

    /// Like `run(makeBackend:)`, but suspends instead of blocking the calling thread, so an async command
    /// does not hold one of the few cooperative threads for the whole session.
    public func run(makeBackend: @escaping @Sendable () throws -> TerminalBackend) async throws -> UILoopOutcome<State>
    where State: Sendable {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(with: Result { try self.runOnCurrentThread(makeBackend: makeBackend) })
            }
            thread.name = "kepedge-ui"
            thread.start()
        }
    }

    private func runOnCurrentThread(makeBackend: () throws -> TerminalBackend) throws -> UILoopOutcome<State> {
        if handlesSignals { TerminalRestore.routeExitSignals(to: wakeWrite) }
        defer { if handlesSignals { TerminalRestore.stopRoutingExitSignals() } }
        let backend = try makeBackend()
        defer { backend.shutdown() }
        if handlesSignals { TerminalRestore.wakeOnResize() }
        var size = backend.size
        if reportsInitialSize, reducer(&state, .resized(size)) == .quit { return UILoopOutcome(state: state, signal: nil) }
        backend.draw(renderer(state, size, backend.capabilities))
        var lastTick = ContinuousClock.now
        var readableButEmpty = 0
        while true {
            var fds = [pollfd(fd: backend.inputFileDescriptor, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let timeout = tickInterval.map { interval -> Int32 in
                let remaining = interval - (ContinuousClock.now - lastTick)
                return Int32(max(0, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            } ?? -1
            _ = poll(&fds, 2, timeout)  // EINTR (SIGWINCH) just means: look at the keys

            switch drainWakePipe() {
            case .exit(let signal): return UILoopOutcome(state: state, signal: signal)
            case .suspend:
                backend.suspend()
                // The terminal may have changed size while stopped; the next frame is drawn whole.
                if backend.size != size {
                    size = backend.size
                    if reducer(&state, .resized(size)) == .quit { return UILoopOutcome(state: state, signal: nil) }
                }
                backend.draw(renderer(state, size, backend.capabilities))
                continue
            case nil: break
            }
            // The terminal went away (SSH dropped, tmux pane killed): end like SIGHUP instead of
            // spinning on a descriptor that is readable for ever and yields no key.
            let inputEvents = fds[0].revents
            if inputEvents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                return UILoopOutcome(state: state, signal: SIGHUP)
            }
            let keys = backend.readKeys()
            readableButEmpty = (inputEvents & Int16(POLLIN) != 0 && keys.isEmpty) ? readableButEmpty + 1 : 0
            if readableButEmpty >= Self.hangupAfterEmptyReads {
                return UILoopOutcome(state: state, signal: SIGHUP)
            }
            var events: [UIEvent<Action>] = []
            for key in keys {
                switch key {
                case .resize:
                    size = backend.size
                    backend.invalidate()
                    events.append(.resized(size))
                case .control("l"):
                    backend.invalidate()  // Ctrl-L: repaint everything
                default:
                    events.append(.key(key))
                }
            }
            let actions = lock.withLock { () -> [Action] in
                defer { queue.removeAll() }
                return queue
            }
            events += actions.map { .action($0) }
            if let tickInterval, ContinuousClock.now - lastTick >= tickInterval {
                lastTick = .now
                events.append(.tick)
            }
            for event in events where reducer(&state, event) == .quit {
                return UILoopOutcome(state: state, signal: nil)
            }
            backend.draw(renderer(state, size, backend.capabilities))
        }
    }

    /// A readable terminal that yields no key this many times in a row has hung up (EOF).
    static var hangupAfterEmptyReads: Int { 100 }

    /// What a signal written into the wake pipe asks of the loop.
    private enum SignalRequest {
        case exit(Int32)
        case suspend
    }

    /// Empties the wake pipe; says whether an exit signal (first) or Ctrl-Z's handler wrote into it.
    private func drainWakePipe() -> SignalRequest? {
        var buffer = [UInt8](repeating: 0, count: 64)
        var request: SignalRequest?
        while true {
            let count = read(wakeRead, &buffer, buffer.count)
            guard count > 0 else { break }
            // 0 is an action; SIGWINCH only wakes (the resize arrives as a key).
            if let byte = buffer[0..<count].first(where: { TerminalRestore.exitSignals.contains(Int32($0)) }) {
                request = .exit(Int32(byte))
            } else if request == nil, buffer[0..<count].contains(UInt8(SIGTSTP)) {
                request = .suspend
            }
        }
        return request
    }
}
