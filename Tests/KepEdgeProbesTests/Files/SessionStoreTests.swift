import Foundation
import KepEdgeCore
import KepEdgeProbes
import KepEdgeTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Session files on disk")
struct SessionStoreTests {
    let savedAt = Date(timeIntervalSince1970: 1_790_000_000)

    private func session(gatewayHost: String = "gw01") -> WizardSession {
        var state = Wizard.State(now: savedAt)
        _ = Wizard.reduce(&state, .names(.gatewayHostChanged(gatewayHost)))
        return WizardSession(state, savedAt: savedAt)
    }

    private func mode(_ path: String) throws -> mode_t {
        var info = stat()
        try #require(stat(path, &info) == 0, "stat \(path) failed")
        return info.st_mode & 0o777
    }

    private func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test("save creates the folder (0700) and writes the file 0600; load reads it back")
    func saveAndLoad() throws {
        let temp = try TemporaryDirectory()
        let store = SessionStore(path: temp.file("state/kepedge/session.json"))
        try store.save(session())
        #expect(try mode(store.path) == 0o600)
        #expect(try mode(temp.file("state/kepedge")) == 0o700)
        #expect(try store.load() == session())
    }

    @Test("saving again replaces the file atomically and leaves no temporary file behind")
    func replace() throws {
        let temp = try TemporaryDirectory()
        let store = SessionStore(path: temp.file("session.json"))
        try store.save(session(gatewayHost: "gw01"))
        try store.save(session(gatewayHost: "gw02.plant.local"))
        #expect(try store.load()?.gatewayHost == "gw02.plant.local")
        #expect(try names(in: temp.path) == ["session.json"])
        #expect(try mode(store.path) == 0o600)
    }

    @Test("a file someone left world-readable is replaced by a 0600 one")
    func narrowsMode() throws {
        let temp = try TemporaryDirectory()
        let path = try temp.write("session.json", "{}")
        chmod(path, 0o644)
        try SessionStore(path: path).save(session())
        #expect(try mode(path) == 0o600)
    }

    @Test("no session file yet is nil, not an error")
    func missing() throws {
        let temp = try TemporaryDirectory()
        #expect(try SessionStore(path: temp.file("nothing/session.json")).load() == nil)
    }

    @Test("a corrupt file or a folder in its place is reported, not crashed on")
    func corrupt() throws {
        let temp = try TemporaryDirectory()
        let path = try temp.write("session.json", "session: yes\n")
        #expect(throws: SessionError.corrupt(path: path, detail: "not JSON")) { try SessionStore(path: path).load() }
        let folder = temp.file("folder.json")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(throws: SessionError.corrupt(path: folder, detail: "it is a folder, not a file")) { try SessionStore(path: folder).load() }
    }

    @Test("a path under a regular file gives one clear error and writes nothing")
    func underAFile() throws {
        let temp = try TemporaryDirectory()
        let blocker = try temp.write("blocker", "not a folder")
        let store = SessionStore(path: "\(blocker)/kepedge/session.json")
        #expect(throws: AtomicFileWriter.WriteError.self) { try store.save(session()) }
        do {
            try store.save(session())
        } catch {
            #expect(error.description == "cannot write \(blocker)/kepedge/session.json: \(blocker) is a file, not a folder")
        }
        #expect(try names(in: temp.path) == ["blocker"])
        #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "not a folder")
    }

    @Test("AtomicFileWriter itself says when a part of the path is a file, and leaves no temporary file")
    func atomicFileUnderAFile() throws {
        let temp = try TemporaryDirectory()
        let blocker = try temp.write("blocker", "x")
        do {
            try AtomicFileWriter.write(Data("{}".utf8), to: "\(blocker)/session.json", mode: 0o600)
            Issue.record("writing under a regular file succeeded")
        } catch {
            #expect(error.description == "cannot write \(blocker)/session.json: a part of the path is a file, not a folder")
        }
        #expect(try names(in: temp.path) == ["blocker"])
    }

    @Test("the default path follows XDG_STATE_HOME, else ~/.local/state")
    func defaultPath() {
        #expect(SessionStore.defaultPath(environment: ["XDG_STATE_HOME": "/var/lib/op", "HOME": "/home/op"])
            == "/var/lib/op/kepedge/session.json")
        #expect(SessionStore.defaultPath(environment: ["XDG_STATE_HOME": "", "HOME": "/home/op"])
            == "/home/op/.local/state/kepedge/session.json")
    }
}
