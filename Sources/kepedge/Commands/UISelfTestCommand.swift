import ArgumentParser
import Foundation
import KepEdgeCore
import KepEdgeTUI

/// `kepedge ui-selftest` (hidden): draws the terminal framework's demo screen with the real curses
/// backend, so the terminal tests (tmux) can compare what a terminal shows with the memory backend's
/// rendering, resize it, and check the terminal is given back. F10 or q quits.
struct UISelfTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui-selftest",
        abstract: "Draw the terminal framework's demo screen (for tests).",
        shouldDisplay: false
    )

    @Option(name: .customLong("feed"), help: "Messages to add from a background thread, one every 100 ms.")
    var feedCount = 0

    @Option(name: .customLong("draw-report"), help: "After quitting, write the cells drawn per frame (and the frames drawn with a scroll) to this file.")
    var drawReportPath: String?

    func run() throws {
        TerminalRestore.saveAndInstallFallbacks()
        let loop = UILoop<FrameworkDemo.State, MonitorEvent>(
            initialState: FrameworkDemo.initialState(),
            reducer: FrameworkDemo.reduce,
            renderer: { FrameworkDemo.render($0, size: $1, capabilities: $2) })
        let count = feedCount
        if count > 0 {
            Thread.detachNewThread {
                for index in 1...count {
                    Thread.sleep(forTimeInterval: 0.1)
                    loop.send(FrameworkDemo.message("background event \(index)", at: Date()))
                }
            }
        }
        let started = StartedBackend()
        let outcome: UILoopOutcome<FrameworkDemo.State>
        do {
            outcome = try loop.run {
                let backend = try CursesBackend()
                started.backend = backend
                return backend
            }
        } catch let error as CursesBackend.StartError {
            throw CLIFailure.input(error.description)
        }
        if let drawReportPath, let backend = started.backend {
            // The loop's thread has ended: the backend is no longer in use.
            let report = backend.cellsWrittenPerFrame.map(String.init).joined(separator: "\n") + "\n"
                + "scrolled frames: \(backend.scrolledFrames)\n"
            try? report.write(toFile: drawReportPath, atomically: true, encoding: .utf8)
        }
        if let signal = outcome.signal {
            StandardError.write("kepedge: stopped by signal \(signal); terminal restored\n")
            Foundation.exit(128 + signal)
        }
    }
}

/// Hands the backend from the UI thread back to the command once the loop has ended.
private final class StartedBackend: @unchecked Sendable {
    var backend: CursesBackend?
}
