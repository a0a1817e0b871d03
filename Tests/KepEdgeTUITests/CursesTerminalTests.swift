import Foundation
import Testing
import KepEdgeTestSupport
import KepEdgeTUI
#if canImport(Glibc)
import Glibc
#endif

/// The real curses backend in a real terminal (tmux): what the terminal shows is what the memory
/// backend renders, resizes arrive, and quitting, Ctrl-C and SIGTERM give the terminal back as it was
/// (`stty -g` before and after, and the alternate screen left).
@Suite(.serialized) struct CursesTerminalTests {
    private let caps = TerminalCapabilities(unicode: true, colors: .extended256)

    /// Runs `kepedge ui-selftest` under sh, then says how it ended and whether the tty settings match.
    private func startSelfTest(width: Int = 80, height: Int = 24, arguments: String = "",
                               environment: [String: String] = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]) throws -> TmuxSession {
        let binary = try BinaryRunner().executable.path
        let script = """
            trap 'true' INT TERM HUP
            before=$(stty -g)
            \(TmuxSession.shellQuote(binary)) ui-selftest \(arguments)
            rc=$?
            after=$(stty -g)
            if [ "$before" = "$after" ]; then state=restored; else state=CHANGED; fi
            echo "ui-selftest exited $rc, terminal $state"
            exec sleep 60
            """
        return try TmuxSession(width: width, height: height, command: script, environment: environment)
    }

    /// The memory backend's rendering as tmux prints it (trailing spaces trimmed).
    private func expectedLines(_ state: FrameworkDemo.State, _ size: TerminalSize, capabilities: TerminalCapabilities? = nil) -> [String] {
        let grid = FrameworkDemo.render(state, size: size, capabilities: capabilities ?? caps)
        return (0..<grid.height).map { String(grid.rowText($0).reversed().drop(while: { $0 == " " }).reversed()) }
    }

    /// Waits for the whole screen to equal `expected` (one capture can land mid-frame); on timeout records
    /// the first differing row.
    private func waitForScreen(_ session: TmuxSession, _ what: String, equals expected: [String]) {
        do {
            _ = try session.waitUntil(what, timeout: .seconds(5)) { $0 == expected }
        } catch {
            expectScreen((try? session.capture()) ?? [], equals: expected)
        }
    }

    private func expectScreen(_ screen: [String], equals expected: [String]) {
        #expect(screen.count == expected.count, "rows: \(screen.count) vs \(expected.count)")
        for (row, (shown, wanted)) in zip(screen, expected).enumerated() where shown != wanted {
            Issue.record("row \(row) differs:\n- \(wanted)\n+ \(shown)\nscreen:\n\(screen.joined(separator: "\n"))")
            return
        }
    }

    @Test func terminalShowsTheRenderedGridFollowsResizesAndIsRestoredOnQuit() throws {
        let session = try startSelfTest()
        defer { session.kill() }
        var state = FrameworkDemo.initialState()

        let first = try session.waitUntil("the demo screen at 80x24") { $0.first?.contains("80x24 r") ?? false }
        state.resizeCount = first.first?.contains("80x24 r1") == true ? 1 : 0  // a start-up KEY_RESIZE is allowed
        waitForScreen(session, "the demo screen drawn whole", equals: expectedLines(state, TerminalSize(width: 80, height: 24)))

        try session.resize(width: 100, height: 30)
        state.resizeCount += 1
        try session.waitUntil("the screen redrawn at 100x30") { $0.first?.contains("100x30 r\(state.resizeCount)") ?? false }
        waitForScreen(session, "the 100x30 screen drawn whole", equals: expectedLines(state, TerminalSize(width: 100, height: 30)))

        try session.resize(width: 70, height: 20)
        try session.waitUntil("the too-small message") { $0.contains { $0.contains("Enlarge the terminal to 80x24 (now 70x20).") } }
        try session.resize(width: 80, height: 24)
        state.resizeCount += 2
        try session.waitUntil("the screen back at 80x24") { $0.first?.contains("80x24 r\(state.resizeCount)") ?? false }
        waitForScreen(session, "the 80x24 screen drawn whole", equals: expectedLines(state, TerminalSize(width: 80, height: 24)))

        try session.sendKeys("q")
        let after = try session.waitUntil("the shell after quitting") { $0.contains { $0.contains("ui-selftest exited") } }
        #expect(after.contains("ui-selftest exited 0, terminal restored"))
        #expect(!after.contains { $0.contains("Certificate") }, "the alternate screen must be left")
    }

    @Test func typingEditsTheFocusedFieldInTheRealTerminal() throws {
        let session = try startSelfTest()
        defer { session.kill() }
        try session.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        try session.sendKeys("End")
        try session.type("-é")
        try session.waitUntil("typed text in the field") { $0.contains { $0.contains("plant.local-é") } }
        try session.sendKeys("F10")
        try session.waitUntil("the quit question (the field was edited)") { $0.contains { $0.contains("Quit anyway?") } }
        try session.sendKeys("y")
        let after = try session.waitUntil("the shell") { $0.contains { $0.contains("ui-selftest exited") } }
        #expect(after.contains("ui-selftest exited 0, terminal restored"))
    }

    @Test func ctrlCEndsTheLoopAndRestoresTheTerminal() throws {
        let session = try startSelfTest()
        defer { session.kill() }
        try session.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        try session.sendKeys("C-c")
        let after = try session.waitUntil("the shell after Ctrl-C") { $0.contains { $0.contains("ui-selftest exited") } }
        #expect(after.contains("ui-selftest exited 130, terminal restored"))
        #expect(!after.contains { $0.contains("Certificate") })
    }

    @Test func sigtermEndsTheLoopAndRestoresTheTerminal() throws {
        let session = try startSelfTest()
        defer { session.kill() }
        try session.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        let shell = try session.panePID()
        let child = try #require(childProcesses(of: shell).first, "kepedge should run under the pane's shell")
        #expect(kill(child, SIGTERM) == 0)
        let after = try session.waitUntil("the shell after SIGTERM") { $0.contains { $0.contains("ui-selftest exited") } }
        #expect(after.contains("ui-selftest exited 143, terminal restored"))
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        let session = try startSelfTest()
        defer { session.kill() }
        try session.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        let child = try #require(childProcesses(of: try session.panePID()).first)
        #expect(kill(child, SIGSEGV) == 0)
        let after = try session.waitUntil("the shell after the crash") { $0.contains { $0.contains("ui-selftest exited") } }
        #expect(after.contains("ui-selftest exited 139, terminal restored"))  // 128 + SIGSEGV: the crash itself still shows
        #expect(!after.contains { $0.contains("Certificate") })
    }

    @Test func onlyChangedCellsAreDrawnAfterTheFirstFrame() throws {
        let directory = try TemporaryDirectory()
        let report = directory.file("draw-report")
        let session = try startSelfTest(arguments: "--draw-report \(TmuxSession.shellQuote(report))")
        defer { session.kill() }
        try session.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        try session.type("z")
        try session.waitUntil("the typed character") { $0.contains { $0.contains("plant.localz") } }
        try session.sendKeys("F10")
        try session.waitUntil("the quit question") { $0.contains { $0.contains("Quit anyway?") } }
        try session.sendKeys("y")
        try session.waitUntil("the shell") { $0.contains { $0.contains("ui-selftest exited 0") } }
        let frames = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
        try #require(frames.count >= 2, "frames: \(frames)")
        #expect(frames[0] > 1500, "the first frame paints the screen: \(frames)")
        #expect(frames[1] <= 2, "typing one character changes one or two cells, not the screen: \(frames)")
    }

    /// Issue 19: a message pane with a new line is scrolled by the terminal (a scroll region), not rewritten;
    /// what the terminal then shows is exactly what a full repaint (Ctrl-L) shows.
    @Test func newMessagesScrollThePaneAndTheScreenEqualsAFullRepaint() throws {
        let directory = try TemporaryDirectory()
        let report = directory.file("draw-report")
        let session = try startSelfTest(arguments: "--feed 9 --draw-report \(TmuxSession.shellQuote(report))")
        defer { session.kill() }
        let scrolled = try session.waitUntil("the ninth message") { $0.contains { $0.contains("background event 9") } }
        let pane = scrolled.filter { $0.contains("background event") }
        #expect(pane.map { $0.components(separatedBy: "background event ").last ?? "" }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " │")) }
                == ["5", "6", "7", "8", "9"], "pane rows: \(pane)")
        try session.sendKeys("C-l")
        Thread.sleep(forTimeInterval: 0.5)
        let repainted = try session.capture()
        expectScreen(scrolled, equals: repainted)
        try session.sendKeys("F10")  // nothing was typed: no quit question
        try session.waitUntil("the shell") { $0.contains { $0.contains("ui-selftest exited 0") } }
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        let scrolls = lines.first { $0.hasPrefix("scrolled frames: ") }.flatMap { Int($0.dropFirst("scrolled frames: ".count)) }
        #expect((scrolls ?? 0) >= 5, "frames drawn with a scroll: \(lines.suffix(3))")
    }

    @Test func noColorMeansNoColourCodesAndColoursOtherwise() throws {
        let plain = try startSelfTest(environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "NO_COLOR": "1"])
        defer { plain.kill() }
        try plain.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        let withoutColour = try plain.captureWithEscapes()
        let colored = try startSelfTest()
        defer { colored.kill() }
        try colored.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        let withColour = try colored.captureWithEscapes()
        let foreground = /\u{1B}\[[0-9;]*(3[1-6]|38;5;[0-9]+)m/
        #expect(withColour.contains(foreground), "colours expected on xterm-256color")
        #expect(!withoutColour.contains(foreground), "NO_COLOR=1 must not draw colours")
        #expect(withoutColour.contains("\u{1B}[7m") || withoutColour.contains(";7m"), "reverse video still marks focus and bars")
    }

    @Test func asciiGlyphsOnTheLinuxConsole() throws {
        let session = try startSelfTest(environment: ["TERM": "linux", "LANG": "C.UTF-8"])
        defer { session.kill() }
        try session.waitUntil("the demo screen") { $0.first?.contains("80x24") ?? false }
        let ascii = TerminalCapabilities(unicode: false, colors: .basic)
        waitForScreen(session, "the ASCII screen drawn whole", equals: expectedLines(FrameworkDemo.initialState(), TerminalSize(width: 80, height: 24), capabilities: ascii))
        #expect(try !session.capture().joined().contains("┌"))
    }

    /// Children of `parent`, from /proc/<pid>/stat (field 4 is the parent pid).
    private func childProcesses(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent ? pid : nil
        }
    }
}
