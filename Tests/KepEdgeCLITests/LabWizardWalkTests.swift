import Foundation
import KepEdgeTestSupport
import Testing

extension LabCommandTests {
    /// The whole procedure as an engineer walks it: the real `kepedge lab` in a real terminal (tmux, 80x24,
    /// pinned TERM/LANG, LINES/COLUMNS unset), all six steps by their keys, until Kepware's own messages
    /// arrive upstream; a resize on the way; then quitting gives the terminal back and stops the lab.
    ///
    /// Needs the broker plugin next to kepedge (`swift build` first). The wizard's agent publishes every
    /// 10 s (its default rate, as in the field), so the wait for Kepware's first row allows a minute: step 6 first
    /// confirms the path by Kepware's event log, then the probe asked for briefly takes Kepware's client id,
    /// and Kepware reconnects after its 2 s backoff.
    /// Nested in `LabCommandTests` so that no two labs run at once (a second lab finds 8883 taken).
    @Suite(.serialized) struct LabWizardWalkTests {
        /// Starts `kepedge lab` under sh in `directory` (the lab's folder under `directory/tmp`); the shell
        /// reports the exit code and whether `stty -a` is as before.
        private func startLab(in directory: TemporaryDirectory, arguments: [String] = []) throws -> TmuxSession {
            let binary = try BinaryRunner().executable.path
            try FileManager.default.createDirectory(atPath: directory.file("tmp"), withIntermediateDirectories: true)
            let script = """
                trap 'true' INT TERM HUP
                cd \(TmuxSession.shellQuote(directory.path)) || exit 1
                before=$(stty -a)
                \(([binary, "lab"] + arguments).map(TmuxSession.shellQuote).joined(separator: " "))
                rc=$?
                after=$(stty -a)
                if [ "$before" = "$after" ]; then state=restored; else state=CHANGED; fi
                echo "lab exited $rc, terminal $state"
                exec sleep 60
                """
            return try LabTerminal.session(script, in: directory)
        }

        /// The rows inside the message pane's box.
        private func messagePane(_ screen: [String]) -> [String] {
            guard let top = screen.firstIndex(where: { $0.hasPrefix("┌ Messages") }) else { return [] }
            return Array(screen[(top + 1)...].prefix { !$0.hasPrefix("└") })
        }

        private func mode(_ path: String) -> Int? {
            (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        }

        @Test func allSixStepsByKeysUntilKepwareMessagesArriveThenQuitGivesTheTerminalBackAndStopsTheLab() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let session = try startLab(in: directory)
            defer {
                session.kill()
                for folder in LabTerminal.labFolders(in: directory) {
                    for pid in LabTerminal.mosquittoProcesses(using: folder) { kill(pid, SIGTERM) }
                }
            }
            do {
                try walk(session, directory: directory)
            } catch {
                // The failed wait carries the screen; print it for the log as well.
                print("kepedge lab walk failed: \(error)\nlast screen:\n\((try? session.capture())?.joined(separator: "\n") ?? "")")
                throw error
            }
        }

        private func walk(_ session: TmuxSession, directory: TemporaryDirectory) throws {
            // The lab starts (certificates, broker, fakes), then the wizard opens on step 1, prefilled.
            try session.waitForText("1 Gateway root CA", timeout: .seconds(90))
            #expect(try session.alternateScreenIsOn())
            let folder = try #require(LabTerminal.labFolders(in: directory).first, "no lab folder under \(directory.file("tmp"))")
            let brokers = LabTerminal.mosquittoProcesses(using: folder)
            #expect(brokers.count == 1, "the lab's mosquitto: \(brokers)")

            // 1 Certificate: Enter runs Verify against the lab's gateway.
            try session.sendKeys("Enter")
            var screen = try session.waitForText("8883 verified", timeout: .seconds(20))
            try session.waitForText("Step 1 done")
            // The lab's chain lasts a year: no "expires soon" warning on every lab run.
            screen = try session.capture()
            #expect(screen.contains { $0.contains("✔ Cert") && ($0.contains("364d left") || $0.contains("365d left")) },
                    "the lab's certificate should have a year left:\n\(screen.joined(separator: "\n"))")
            #expect(!screen.contains { $0.contains("unsaved") }, "a lab has no session file to save to")

            // 2 Names: Enter runs Check.
            try session.sendKeys("PageDown")
            try session.waitForText("Gateway host")
            try session.sendKeys("Enter")
            // localhost resolves only to loopback: done, with that warning.
            try session.waitUntil("step 2 done", timeout: .seconds(20)) { screen in
                screen.contains { $0.contains("Step 2 done") || $0.contains("Done, but: localhost resolves only to") }
            }

            // 3 Device: the device id is the engineer's to type; Enter creates it under the edge device.
            try session.sendKeys("PageDown")
            try session.waitForText("Device id")
            try session.sendKeys("Tab")
            try session.type("kepware-01")
            try session.waitForText("kepware-01")
            try session.sendKeys("Enter")
            screen = try session.waitForText("Step 3 done", timeout: .seconds(30))
            let deviceText = screen.joined(separator: "\n")
            #expect(deviceText.contains("created"), "step 3 should say the device was created:\n\(deviceText)")
            #expect(deviceText.contains("parent"), "step 3 should name the parent:\n\(deviceText)")

            // 4 SAS: Enter generates the token.
            try session.sendKeys("PageDown")
            try session.waitForText("Lifetime")
            try session.sendKeys("Enter")
            try session.waitForText("Step 4 done", timeout: .seconds(10))

            // The layout follows a resize mid-run, and comes back.
            try session.resize(width: 132, height: 43)
            let wide = try session.waitUntil("the screen re-laid out at 132x43") { screen in
                screen.count == 43 && screen.last?.contains("F10 Quit") == true
                    && screen.contains { $0.hasPrefix("┌ Messages") && $0.count == 132 }
            }
            #expect(wide.contains { $0.contains("✔ 3 Device") && $0.contains("● 4 SAS") }, "\(wide.joined(separator: "\n"))")
            try session.resize(width: 80, height: 24)
            try session.waitUntil("the screen back at 80x24") { screen in
                screen.count == 24 && screen.last?.contains("F10 Quit") == true
                    && screen.contains { $0.hasPrefix("┌ Messages") && $0.count == 80 }
            }

            // 5 Agent: Enter pushes the agent to the lab's Kepware, which connects through the gateway.
            try session.sendKeys("PageDown")
            try session.waitForText("Push to Kepware")
            try session.sendKeys("Enter")
            try session.waitForText("Step 5 done", timeout: .seconds(30))
            // Kepware's connected line is among the step's results, below the fold at 80x24.
            for _ in 0..<20 { try session.sendKeys("Down") }
            try session.waitForText("Kepware reports the agent connected")

            // 6 Validate: before the probe runs, the screen warns that it takes Kepware's client id for a moment.
            try session.sendKeys("PageDown")
            screen = try session.waitForText("[ Validate ]")
            #expect(screen.joined(separator: " ").contains("client id"), "step 6 should warn about the client id:\n\(screen.joined(separator: "\n"))")
            // Kepware's agent is connected: Validate confirms the path by its event log and leaves its session alone.
            try session.sendKeys("Enter")
            try session.waitForText("path confirmed without disturbing Kepware", timeout: .seconds(30))
            // The engineer asks for the probe as the device anyway.
            try session.sendKeys("Tab")
            try session.sendKeys("Enter")
            screen = try session.waitForText("Step 6 done", timeout: .seconds(30))
            // At 80 columns the connection pane is a strip: settled rows keep only their verdict and label.
            try session.waitUntil("CONNACK and PUBACK in the connection strip") { screen in
                screen.contains { $0.contains("✔ CONNACK") && $0.contains("✔ PUBACK") }
            }

            // Kepware's own messages arrive in IoT Hub: read from the lab hub's built-in endpoint with step 3's owner
            // connection string (as in the field), they show under source iothub, and the strip's Hub row turns ok.
            let flowing = try session.waitUntil("a Kepware row from IoT Hub in the message pane and ✔ Hub", timeout: .seconds(60)) { screen in
                messagePane(screen).contains { $0.contains("iothub") && $0.contains("Channel1.Device1.Tag1 =") }
                    && screen.contains { $0.contains("✔ Hub") }
            }
            #expect(!flowing.contains { $0.contains("stopped: stopped") })

            // F3 writes every carried value for the Kepware host, off the UI thread, 0600 (it holds the password).
            try session.sendKeys("F3")
            try session.waitForText("Wrote ", timeout: .seconds(10))
            let carried = directory.file("kepedge-all.txt")
            #expect(FileManager.default.fileExists(atPath: carried))
            #expect(mode(carried) == 0o600)

            // F10: a lab has nothing to save, so it quits at once; the lab stops and removes its folder.
            try session.sendKeys("F10")
            let after = try session.waitForText("lab exited", timeout: .seconds(30))
            #expect(after.contains("lab exited 0, terminal restored"), "\(after.joined(separator: "\n"))")
            #expect(try !session.alternateScreenIsOn())
            #expect(!FileManager.default.fileExists(atPath: folder), "the lab's folder is removed")
            #expect(LabTerminal.mosquittoProcesses(using: folder).isEmpty, "the lab's mosquitto is stopped")
        }

        /// A trainer's fault in the wizard: `kepedge lab --fault no-parent` opens on the deployed device, and
        /// step 3's check names the cause and the fix, while the pane shows edgeHub's refusal of Kepware.
        @Test func aFaultyLabOpensOnItsDeviceAndStepThreeNamesTheMissingParent() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let session = try startLab(in: directory, arguments: ["--fault", "no-parent"])
            defer {
                session.kill()
                for folder in LabTerminal.labFolders(in: directory) {
                    for pid in LabTerminal.mosquittoProcesses(using: folder) { kill(pid, SIGTERM) }
                }
            }
            do {
                try session.waitForText("device: kepware-lab-01", timeout: .seconds(30))
                try session.sendKeys("PageDown", "PageDown")
                try session.waitForText("3 Kepware device identity")
                try session.sendKeys("Enter")
                // Verdict first: the headline and its fix above the fields, at 80x24 without scrolling.
                try session.waitForText("has no parent lab-edge: edgeHub will refuse it", timeout: .seconds(20))
                try session.waitForText("Fix: Set parent (P)")
                // Kepware's agent keeps trying: the lab's broker refuses it as edgeHub would.
                try session.waitUntil("edgeHub's refusal in the message pane", timeout: .seconds(30)) { screen in
                    messagePane(screen).contains { $0.contains("not authenticated locally") || $0.contains("not authorised") }
                }
                try session.sendKeys("F10")
                let after = try session.waitForText("lab exited", timeout: .seconds(20))
                #expect(after.contains { $0.contains("lab exited 0, terminal restored") }, "\(after.joined(separator: "\n"))")
            } catch {
                print("kepedge lab --fault no-parent failed: \(error)\nlast screen:\n\((try? session.capture())?.joined(separator: "\n") ?? "")")
                throw error
            }
        }

        /// A completed step saves the session while the wizard runs (off the UI thread), and the header's
        /// `unsaved` goes once the save lands: `kepedge wizard --session` on a copy of a headless lab's session.
        @Test func aCompletedStepSavesTheSessionWhileTheWizardRuns() async throws {
            let lab = try await LabCommandTests.start()
            var labStopped = false
            defer { if !labStopped { Task { _ = await lab.stop() } } }
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            // The lab's session holds its gateway port, which is not 8883 when that port was taken.
            let sessionFile = directory.file("session.json")
            try FileManager.default.copyItem(atPath: lab.manifest.session, toPath: sessionFile)
            let binary = try BinaryRunner().executable.path
            let script = """
                \(TmuxSession.shellQuote(binary)) wizard --config \(TmuxSession.shellQuote(lab.manifest.edgeConfig)) --session \(TmuxSession.shellQuote(sessionFile))
                echo "wizard exited $?"
                exec sleep 60
                """
            let session = try TmuxSession(width: 80, height: 24, command: script,
                                          environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": directory.path])
            defer { session.kill() }
            do {
                try session.waitForText("1 Gateway root CA", timeout: .seconds(20))
                // An edit makes the session unsaved; Enter verifies; step 1 done saves it.
                try session.sendKeys("Tab")
                try session.type("carried")
                try session.waitForText("unsaved")
                try session.sendKeys("Enter")
                try session.waitForText("Step 1 done", timeout: .seconds(20))
                try session.waitForTextGone("unsaved")
                let saved = try String(contentsOfFile: sessionFile, encoding: .utf8)
                #expect(saved.contains("\"exportDirectory\" : \"carried\"") || saved.contains("\"exportDirectory\":\"carried\""),
                        "the save landed while the wizard runs:\n\(saved)")
                #expect(mode(sessionFile) == 0o600)
                try session.sendKeys("F10")
                let after = try session.waitForText("wizard exited")
                #expect(after.contains("wizard exited 0"), "\(after.joined(separator: "\n"))")
            } catch {
                print("kepedge wizard on the lab failed: \(error)")
                throw error
            }
            labStopped = true
            #expect(await lab.stop() == 0)
        }
    }
}
