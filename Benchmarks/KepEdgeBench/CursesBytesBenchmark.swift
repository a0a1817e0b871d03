import Foundation
import KepEdgeCore
import KepEdgeTUI
#if canImport(Glibc)
import Glibc
#endif

/// Benchmark 2b: bytes the curses backend writes to a terminal. The benchmark re-runs itself as a child on a
/// pseudo-terminal (`--curses-child`) that draws the wizard frame, then `frames` more frames; the parent
/// counts every byte the child's curses writes to the terminal. Start-up and `endwin` cost the same in each
/// run, so the difference between runs is the per-frame cost:
///   steady: one new message per frame, the backend diffs against the previous frame;
///   full:   the same, but each frame is a full repaint (`invalidate()`, as after Ctrl-L or a resize).
enum CursesBytesBenchmark {
    enum Mode: String { case none, steady, full }

    static func run(frames: Int) -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "curses_bytes",
            bound: "Exact byte counts through a pseudo-terminal (TERM=xterm-256color); they depend on terminfo, not on speed.")
        do {
            for size in RenderBenchmark.sizes {
                let baseline = try bytesWritten(mode: .none, frames: frames, size: size)
                let steady = Double(try bytesWritten(mode: .steady, frames: frames, size: size) - baseline) / Double(frames)
                let full = Double(try bytesWritten(mode: .full, frames: frames, size: size) - baseline) / Double(frames)
                let name = "\(size.width)x\(size.height)"
                result.add(Metric("steady_bytes_per_frame_\(name)", steady, "bytes"))
                result.add(Metric("full_repaint_bytes_\(name)", full, "bytes"))
                result.add(Metric("steady_fraction_of_full_\(name)", full > 0 ? steady / full : 0, "ratio", atMost: 0.05))
            }
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    /// Linux's TIOCSPTLCK and TIOCGPTN: `_IOW`/`_IOR` macros, which Swift cannot import.
    private static let lockRequest: UInt = 0x4004_5431
    private static let numberRequest: UInt = 0x8004_5430

    /// Runs the child on a new pseudo-terminal of `size` and counts what it writes until it exits.
    static func bytesWritten(mode: Mode, frames: Int, size: TerminalSize) throws -> Int {
        // What posix_openpt, unlockpt and ptsname do (Glibc's Swift module does not export them).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw BenchFailure("no pseudo-terminal: /dev/ptmx: \(String(cString: strerror(errno)))") }
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, lockRequest, &unlock) == 0, ioctl(master, numberRequest, &number) == 0 else {
            throw BenchFailure("cannot unlock the pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { throw BenchFailure("cannot open the pseudo-terminal's slave: \(String(cString: strerror(errno)))") }
        var window = winsize(ws_row: UInt16(size.height), ws_col: UInt16(size.width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &window)
        let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                           "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let child: BenchProcess
        do {
            child = try BenchProcess(Executables.benchmark, ["--curses-child", mode.rawValue, String(frames), "\(size.width)x\(size.height)"],
                                     stdio: slave, environment: environment)
        } catch {
            close(slave)
            throw error
        }
        close(slave)  // the child holds it; the master reads EIO once the child has gone
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready > 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { total += count; continue }
                break  // EIO: the slave side is closed
            }
            if child.exitStatus != nil, ready == 0 { break }
        }
        guard let status = child.wait(timeout: 5) else {
            child.stop()
            throw BenchFailure("the curses child did not finish within 60 s")
        }
        guard status == 0 else { throw BenchFailure("the curses child (\(mode.rawValue)) exited with status \(status)") }
        return total
    }

    /// The child's side: draws the frame, then `frames` frames with one new message each, then gives the terminal back.
    static func childMain(arguments: [String]) -> Int32 {
        guard arguments.count == 3, let mode = Mode(rawValue: arguments[0]), let frames = Int(arguments[1]) else { return 2 }
        let parts = arguments[2].split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 else { return 2 }
        let size = TerminalSize(width: parts[0], height: parts[1])
        TerminalRestore.saveAndInstallFallbacks()
        guard let backend = try? CursesBackend() else { return 3 }
        var state = RenderBenchmark.fullState()
        backend.draw(RenderBenchmark.renderScreen(state, size: size))
        if mode != .none {
            for frame in 0..<frames {
                state.messages.append(RenderBenchmark.sampleEvent(Wizard.messageCapacity + frame))
                if mode == .full { backend.invalidate() }
                backend.draw(RenderBenchmark.renderScreen(state, size: size))
            }
        }
        backend.shutdown()
        return 0
    }
}
