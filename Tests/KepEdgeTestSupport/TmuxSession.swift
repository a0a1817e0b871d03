import Foundation
import KepEdgeProbes
#if canImport(Glibc)
import Glibc
#endif

/// A real terminal for end-to-end tests: a detached tmux session of a fixed size on a private server
/// (its own socket, no user config), driven by send-keys and read back with capture-pane.
///
/// Every wait has a timeout, and a failed wait throws an error that carries the screen as it was.
/// The server is killed by `kill()` or on release.
public final class TmuxSession: @unchecked Sendable {
    public struct WaitFailure: Error, CustomStringConvertible {
        public let what: String
        public let screen: [String]
        public var description: String {
            "timed out waiting for \(what); the screen was:\n>>>\n\(screen.joined(separator: "\n"))\n<<<"
        }
    }

    private let directory: TemporaryDirectory
    private let socket: String
    public let name = "kepedge-e2e"
    private var killed = false

    /// Starts `command` (run by /bin/sh) in a `width` x `height` session. The command sees only `PATH`,
    /// `HOME` and `environment`: nothing from the test runner's environment (`NO_COLOR`, `LINES`/`COLUMNS`,
    /// which would override the real window size, `KEPEDGE_*`) can change what it draws.
    public init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        directory = try TemporaryDirectory(prefix: "kepedge-tmux")
        socket = directory.file("tmux.sock")
        let inherited = ProcessInfo.processInfo.environment
        let pinned = ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/"].merging(environment) { $1 }
        let assignments = pinned.sorted { $0.key < $1.key }.map { "\($0.key)=\(TmuxSession.shellQuote($0.value))" }
        let shellCommand = (["exec env -i"] + assignments + ["/bin/sh -c", TmuxSession.shellQuote(command)]).joined(separator: " ")
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", shellCommand])
        // Keep the pane (and its last screen) when the command ends, and let resize-window set the size.
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
        try tmux(["set-option", "-t", name, "window-size", "manual"])
    }

    deinit { kill() }

    /// Shell lines that follow a job-controlled command (after `rc=$?`): while it is stopped (148 = 128 +
    /// SIGTSTP), say whether the terminal is as `$before` (from `stty -g`) had it, wait for a line, then `fg`.
    public static let suspendedLoop = """
        while [ $rc -eq 148 ]; do
            if [ "$before" = "$(stty -g)" ]; then echo "suspended, terminal restored"; else echo "suspended, terminal CHANGED"; fi
            read answer
            fg >/dev/null
            rc=$?
        done
        """

    /// Single-quotes `value` for /bin/sh.
    public static func shellQuote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Sends tmux key names (`"Tab"`, `"F10"`, `"C-c"`, `"q"`...).
    public func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Sends `text` literally, character by character.
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", "--", text])
    }

    /// The screen, one string per row, trailing spaces removed.
    public func capture() throws -> [String] {
        let output = try tmux(["capture-pane", "-p", "-t", name])
        var lines = output.components(separatedBy: "\n").map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The screen with its SGR escape sequences (colours, bold, reverse), for checking colour use.
    public func captureWithEscapes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", name])
    }

    /// Resizes the window (the program gets SIGWINCH).
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Whether the pane's command has ended (remain-on-exit keeps the pane).
    public func paneIsDead() throws -> Bool {
        try tmux(["display-message", "-p", "-t", name, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// The pid of the pane's command.
    public func panePID() throws -> pid_t {
        pid_t(try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Polls the screen every 50 ms until `condition` holds, or throws `WaitFailure` with the last screen.
    @discardableResult
    public func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var screen: [String] = []
        while ContinuousClock.now < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        }
        throw WaitFailure(what: what, screen: screen)
    }

    /// Waits until `text` shows anywhere on the screen; throws `WaitFailure` (with the screen) on timeout.
    @discardableResult
    public func waitForText(_ text: String, timeout: Duration = .seconds(10)) throws -> [String] {
        try waitUntil("\"\(text)\" on screen", timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// Waits until `text` is gone from the screen.
    @discardableResult
    public func waitForTextGone(_ text: String, timeout: Duration = .seconds(10)) throws -> [String] {
        try waitUntil("\"\(text)\" to go", timeout: timeout) { !$0.contains { $0.contains(text) } }
    }

    /// Whether the pane shows the alternate screen (curses running) rather than the normal one.
    public func alternateScreenIsOn() throws -> Bool {
        try tmux(["display-message", "-p", "-t", name, "#{alternate_on}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Whether the program asked for mouse reports (any mode; tmux's `mouse_any_flag`).
    public func mouseReportingIsOn() throws -> Bool {
        try tmux(["display-message", "-p", "-t", name, "#{mouse_any_flag}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Ends the tmux server (and the program in it).
    public func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        directory.remove()
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let outputFile = directory.file("tmux-output-\(UUID().uuidString)")
        let process = try ChildProcess(executable: "/usr/bin/tmux", arguments: ["-S", socket] + arguments,
                                       stdout: .file(outputFile), environment: .inherited)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.stop(grace: 1)
                throw FixtureError("tmux \(arguments.first ?? "") did not finish within 10 s")
            }
            usleep(5_000)
        }
        defer { try? FileManager.default.removeItem(atPath: outputFile) }
        return (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
    }
}
