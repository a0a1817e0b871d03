import Foundation
import Testing
import KepEdgeTestSupport
import KepEdgeTUI

/// The real `kepedge wizard` in a real terminal (tmux, pinned TERM/LANG, LINES/COLUMNS unset): the first
/// screen, typing, a blocked PgDn, resizing, help, quitting through the question, the terminal given back.
@Suite(.serialized) struct WizardTerminalTests {
    /// Starts the wizard under sh with a test IoT Edge config; the shell reports the exit code and whether
    /// the tty settings are as before.
    private func startWizard(in directory: TemporaryDirectory, width: Int = 80, height: Int = 24, hostname: String = "gw01.plant.local",
                             caFile: String? = nil) throws -> TmuxSession {
        let binary = try BinaryRunner().executable.path
        let config = directory.file("config.toml")
        try """
            hostname = "\(hostname)"
            trust_bundle_cert = "file://\(caFile ?? directory.file("root-ca.pem"))"

            [provisioning]
            source = "manual"
            iothub_hostname = "plant-hub.azure-devices.net"
            device_id = "gw01-edge"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        // With job control (`set -m`, as an interactive shell has it) Ctrl-Z stops kepedge as its own job; the
        // shell then says whether the terminal is as before and waits for a line before `fg`.
        let script = """
            set -m
            trap 'true' INT TERM HUP
            before=$(stty -g)
            \(TmuxSession.shellQuote(binary)) wizard --config \(TmuxSession.shellQuote(config)) --session \(TmuxSession.shellQuote(directory.file("session.json")))
            rc=$?
            \(TmuxSession.suspendedLoop)
            after=$(stty -g)
            if [ "$before" = "$after" ]; then state=restored; else state=CHANGED; fi
            echo "wizard exited $rc, terminal $state"
            exec sleep 60
            """
        return try TmuxSession(width: width, height: height, command: script,
                               environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": directory.path])
    }

    @Test func firstStepTypingBlockedNextResizeHelpAndQuitThroughTheQuestion() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let session = try startWizard(in: directory)
        defer { session.kill() }

        // The IoT Edge config is read at start and fills the gateway name and the CA path.
        let first = try session.waitForText("gateway: gw01.plant.local")
        #expect(first.first?.contains("kepedge") == true, "header:\n\(first.joined(separator: "\n"))")
        #expect(first.contains { $0.contains("1 Gateway root CA") })
        #expect(first.contains { $0.contains("root-ca.pem") }, "the CA path from the config:\n\(first.joined(separator: "\n"))")
        #expect(first.contains { $0.contains("1 Certificate") && $0.contains("6 Validate") })
        #expect(try session.alternateScreenIsOn())

        // The CA field is prefilled from the config; clear it and type another path.
        try session.sendKeys("C-u")
        try session.type("/tmp/typed-ca.pem")
        try session.waitForText("/tmp/typed-ca.pem")
        try session.sendKeys("C-u")
        try session.waitForTextGone("/tmp/typed-ca.pem")

        try session.sendKeys("PageDown")
        try session.waitForText("Cannot move on: Step 1 (Certificate)")
        try session.waitForText("Root CA file is empty")

        try session.resize(width: 132, height: 43)
        let wide = try session.waitUntil("the screen re-laid out at 132x43") { $0.count == 43 && $0.last?.contains("F10 Quit") == true }
        #expect(wide.contains { $0.contains("Cannot move on") })
        try session.resize(width: 80, height: 24)
        try session.waitUntil("the screen back at 80x24") { $0.count == 24 && $0.last?.contains("F10 Quit") == true }

        try session.sendKeys("Tab", "Tab")  // to the buttons: letters act there
        try session.type("?")
        try session.waitForText("Help: 1 Certificate")
        try session.sendKeys("Escape")
        try session.waitForTextGone("Help: 1 Certificate")

        try session.type("q")
        try session.waitForText("There are unsaved changes")
        try session.type("y")
        let after = try session.waitForText("wizard exited")
        #expect(after.contains("wizard exited 0, terminal restored"), "\(after.joined(separator: "\n"))")
        #expect(try !session.alternateScreenIsOn())
        #expect(FileManager.default.fileExists(atPath: directory.file("session.json")), "y saves the session")
    }

    @Test func ctrlCEndsTheWizardAndGivesTheTerminalBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let session = try startWizard(in: directory)
        defer { session.kill() }
        try session.waitForText("gateway: gw01.plant.local")
        try session.type("/typed")
        // The terminal flushes unread input when Ctrl-C or Ctrl-Z raises its signal: wait until the wizard has read it.
        try session.waitForText("/typed")
        try session.sendKeys("C-c")
        let after = try session.waitForText("wizard exited")
        #expect(after.contains("wizard exited 130, terminal restored"), "\(after.joined(separator: "\n"))")
        #expect(try !session.alternateScreenIsOn())
        #expect(!FileManager.default.fileExists(atPath: directory.file("session.json")), "a signal saves nothing unasked")
    }

    @Test func ctrlZStopsTheWizardWithTheTerminalBackAndFgRedrawsIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let session = try startWizard(in: directory)
        defer { session.kill() }
        try session.waitForText("gateway: gw01.plant.local")
        let pid = try #require(wizardProcess(in: directory))
        try session.type("/typed")
        try session.waitForText("/typed")  // read before the signal, or the terminal flushes it
        try session.sendKeys("C-z")
        let suspended = try session.waitForText("suspended, terminal")
        #expect(suspended.contains { $0.contains("suspended, terminal restored") }, "\(suspended.joined(separator: "\n"))")
        #expect(try !session.alternateScreenIsOn())
        #expect(processState(pid) == "T", "Ctrl-Z stops the process")

        try session.sendKeys("Enter")  // the script's `read`, then `fg`
        // Redrawn whole, header to key bar (a blank screen or only the changed cells would not do).
        try session.waitUntil("the wizard redrawn after fg") { screen in
            screen.first?.contains("kepedge") == true && screen.contains { $0.contains("/typed") } && screen.last?.contains("F10 Quit") == true
        }
        #expect(processState(pid) != "T")
        try session.type("-more")
        try session.waitForText("/typed-more")
        try session.sendKeys("C-c")
        let after = try session.waitForText("wizard exited")
        #expect(after.contains("wizard exited 130, terminal restored"), "\(after.joined(separator: "\n"))")
    }

    @Test func aResizeWhileStep1sProbeRunsRedrawsAtTheNewSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let certificates = try TestCertificates()
        // edgeHub's port answers TCP and then says nothing: the TLS probe runs until its 5 s timeout.
        let silent = try #require(try? LoopbackListener(port: 8883), "127.0.0.1:8883 is taken")
        defer { silent.close() }
        let session = try startWizard(in: directory, hostname: "localhost", caFile: certificates.rootCAFile)
        defer { session.kill() }
        try session.waitForText("gateway: localhost")
        try session.sendKeys("Enter")
        try session.waitForText("Checking edgeHub's certificate")

        try session.resize(width: 132, height: 43)
        let wide = try session.waitUntil("the screen redrawn at 132x43 while the probe runs") {
            $0.count == 43 && $0.last?.contains("F10 Quit") == true && $0.contains { $0.contains("Checking edgeHub's certificate") }
        }
        #expect(wide.contains { $0.hasPrefix("┌ 1 Gateway root CA") && $0.count > 80 }, "the step pane spans the new width:\n\(wide.joined(separator: "\n"))")
        try session.resize(width: 80, height: 24)
        try session.waitUntil("the screen redrawn at 80x24 while the probe runs") {
            $0.count == 24 && $0.last?.contains("F10 Quit") == true && $0.contains { $0.contains("Checking edgeHub's certificate") }
        }
        #expect(!wide.contains { $0.contains("Enter Run") }, "nothing to run while the probe runs")
        try session.sendKeys("C-c")
        let after = try session.waitForText("wizard exited")
        #expect(after.contains("wizard exited 130, terminal restored"), "\(after.joined(separator: "\n"))")
    }

    /// The wizard started for `directory` (its command line names the directory's config).
    private func wizardProcess(in directory: TemporaryDirectory) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).first { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.dropFirst().first == "wizard" && arguments.contains(directory.file("config.toml"))
        }
    }

    /// The state letter of `/proc/PID/stat` (`T`: stopped).
    private func processState(_ pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let end = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: end)...].split(separator: " ").first.map(String.init)
    }

    @Test func notATerminalSaysWhatToUseInstead() async throws {
        let result = try await BinaryRunner().run(["wizard"], stdin: Data())
        #expect(result.exitCode == 2)
        #expect(result.stderrLines == ["kepedge: the wizard needs an interactive terminal; in scripts and pipes use 'kepedge check' or 'kepedge monitor'"])
    }

    @Test func kepedgeAloneRunsTheWizardAndHelpAndVersionStillWork() async throws {
        let runner = try BinaryRunner()
        let alone = try await runner.run([], stdin: Data())
        #expect(alone.exitCode == 2)
        #expect(alone.stderr.contains("the wizard needs an interactive terminal"))
        let help = try await runner.run(["--help"])
        #expect(help.exitCode == 0)
        #expect(help.stdout.contains("wizard (default)"))
        let version = try await runner.run(["--version"])
        #expect(version.exitCode == 0 && !version.stdout.isEmpty)
    }
}
