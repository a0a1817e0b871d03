import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Benchmark 6: `kepedge --version` as a whole process, and launch to the first full frame in tmux:
/// from starting `tmux new-session … kepedge ui-selftest` until `capture-pane` shows the key bar.
enum StartupBenchmark {
    /// The key bar's last binding: when it shows, the frame has been drawn whole.
    static let frameMarker = "Quit"
    static let pollMicroseconds: UInt32 = 2_000

    /// The screen under test: the wizard as an engineer opens it (a session file of its own, so the
    /// benchmark neither reads nor writes the user's).
    static let uiArguments = ["wizard", "--session", NSTemporaryDirectory() + "kepedge-bench-session.json"]

    static func run(runs: Int) -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "startup",
            bound: "exec and the Swift runtime's start-up; in tmux also tmux's own start-up, and the poll: each poll is a tmux capture-pane process (see poll_period_ms).")
        do {
            guard let kepedge = Executables.kepedge else { throw BenchFailure("kepedge is not built next to the benchmark (or set KEPEDGE_BINARY)") }
            result.add(Metric("version_process_median_ms", try BenchProcess.medianRunMilliseconds(kepedge, ["--version"], runs: runs * 4), "ms", atMost: 5))
            guard let tmux = Executables.system("/usr/bin/tmux") else { throw BenchFailure("tmux is not installed") }
            var launches: [Double] = []
            var polls: [Double] = []
            for _ in 0..<runs {
                let (launch, poll) = try firstFrame(tmux: tmux, kepedge: kepedge)
                launches.append(launch)
                polls.append(poll)
            }
            result.add(Metric("first_frame_in_tmux_median_ms", Measure.median(launches), "ms", atMost: 500))
            result.add(Metric("poll_period_ms", Measure.median(polls), "ms"))
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    /// Milliseconds from launch until the frame was seen, and the poll period (a capture-pane run plus the pause): the bound.
    static func firstFrame(tmux: String, kepedge: String) throws -> (Double, Double) {
        let folder = try ScratchFolder("kepedge-bench-tmux")
        defer { folder.remove() }
        let socket = folder.file("tmux.sock")
        func tmuxRun(_ arguments: [String]) throws -> String {
            let output = folder.file("out")
            let child = try BenchProcess("/bin/sh", ["-c", "exec \"$0\" \"$@\" > \(output) 2>&1", tmux, "-S", socket] + arguments)
            guard child.wait(timeout: 10) != nil else { child.stop(); throw BenchFailure("tmux \(arguments.first ?? "") did not finish within 10 s") }
            return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        }
        defer { _ = try? tmuxRun(["kill-server"]) }
        let command = ([kepedge] + uiArguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let start = ContinuousClock.now
        _ = try tmuxRun(["-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "exec env TERM=xterm-256color LANG=C.UTF-8 \(command)"])
        var captureTimes: [Double] = []
        let deadline = start + .seconds(15)
        while ContinuousClock.now < deadline {
            let captureStart = ContinuousClock.now
            let screen = try tmuxRun(["capture-pane", "-p"])
            captureTimes.append(Measure.milliseconds(ContinuousClock.now - captureStart))
            if screen.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })?.contains(frameMarker) == true {
                let elapsed = Measure.milliseconds(ContinuousClock.now - start)
                // The frame appeared at most one poll period (a capture plus the pause) before it was seen.
                return (elapsed, Measure.median(captureTimes) + Double(pollMicroseconds) / 1000)
            }
            usleep(pollMicroseconds)
        }
        throw BenchFailure("the first frame did not show in tmux within 15 s")
    }
}
