import Foundation
import KepEdgeTUI

/// Benchmark 2a: frames per second of a wizard frame with a full message pane, rendered into the memory backend.
enum RenderBenchmark {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 200, height: 60)]

    /// The screen under test: one wizard frame with `messages` in its pane. Today that is the framework demo
    /// (`WizardFrame` with a form, connection pane and spinner); point this at the validation screen when it lands.
    static func renderScreen(messages: MessagePaneView, size: TerminalSize) -> CellGrid {
        var state = FrameworkDemo.initialState()
        state.messages = messages
        return FrameworkDemo.render(state, size: size, capabilities: TerminalCapabilities(unicode: true, colors: .basic))
    }

    /// A pane as full as the wizard keeps it, one new message per frame.
    static func fullLog() -> MessageLog {
        var log = MessageLog(capacity: 1_000)
        for index in 0..<log.capacity { log.append(sampleMessage(index)) }
        return log
    }

    static func sampleMessage(_ index: Int) -> PaneMessage {
        let levels: [MessageLevel] = [.info, .info, .info, .warning, .error]
        return PaneMessage(time: String(format: "02:%02d:%02d", index / 60 % 60, index % 60), source: index % 7 == 0 ? "edgeHub" : "kepware",
                           level: levels[index % levels.count],
                           text: "devices/kepware-01/messages/events/: 8 values Channel1.Device1.Tag0=\(index) Channel1.Device1.Tag1=\(Double(index) / 7) (+6 more)")
    }

    static func run(frames: Int) -> BenchmarkResult {
        var result = BenchmarkResult(name: "render", bound: "CPU only: building the cell grid; the memory backend copies each frame.")
        for size in sizes {
            var log = fullLog()
            // The memory backend keeps every frame it is given (for tests), so a fresh one per batch keeps memory bounded.
            var backend = MemoryBackend(size: size)
            let start = ContinuousClock.now
            for frame in 0..<frames {
                log.append(sampleMessage(log.capacity + frame))
                backend.draw(renderScreen(messages: log.view, size: size))
                if frame % 50 == 49 { backend = MemoryBackend(size: size) }
            }
            let seconds = Measure.seconds(ContinuousClock.now - start)
            result.add(Metric("fps_\(size.width)x\(size.height)", Double(frames) / seconds, "frames/s", atLeast: 60))
        }
        return result
    }
}
