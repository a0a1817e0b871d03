import Foundation
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// `EdgeHubRecentLog`, what `kepedge check` reads edgeHub's last 5 minutes with: the exact command, the first
/// one found on `PATH`, and one reason when none can be read. The commands here are shell scripts standing in
/// for iotedge and docker (builtins only: `PATH` holds nothing else).
@Suite(.serialized) struct EdgeHubRecentLogTests {
    static func command(_ name: String, in folder: TemporaryDirectory, body: String) throws {
        let path = try folder.write(name, "#!/bin/sh\n[ \"$*\" = \"logs --since 5m edgeHub\" ] || { echo \"unexpected arguments: $*\"; exit 3; }\n\(body)\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    @Test func iotedgeIsAskedForTheLastFiveMinutesOfEdgeHub() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Self.command("iotedge", in: folder, body: "printf '%s\\n' 'first line' 'second line'")
        try Self.command("docker", in: folder, body: "echo 'docker was asked'")
        let outcome = await EdgeHubRecentLog(searchPath: folder.path).read()
        #expect(outcome == .lines(command: "iotedge logs --since 5m edgeHub", ["first line", "second line"]))
    }

    @Test func dockerIsAskedWhenThereIsNoIotedge() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Self.command("docker", in: folder, body: "echo 'from docker'")
        let outcome = await EdgeHubRecentLog(searchPath: folder.path).read()
        #expect(outcome == .lines(command: "docker logs --since 5m edgeHub", ["from docker"]))
    }

    @Test func neitherCommandFoundIsOneReason() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let outcome = await EdgeHubRecentLog(searchPath: folder.path).read()
        #expect(outcome == .unavailable("neither iotedge nor docker found (run kepedge check on the IoT Edge gateway)"))
    }

    @Test func aFailingCommandIsUnavailableWithWhatItSaid() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Self.command("iotedge", in: folder, body: "echo 'permission denied while trying to connect'; exit 1")
        let outcome = await EdgeHubRecentLog(searchPath: folder.path).read()
        #expect(outcome == .unavailable("'iotedge logs --since 5m edgeHub' exited with status 1: permission denied while trying to connect"))
    }

    @Test func aCommandThatDoesNotFinishIsStoppedAtTheTimeout() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Self.command("iotedge", in: folder, body: "echo 'one line'; exec /bin/sleep 30")
        let started = ContinuousClock.now
        let outcome = await EdgeHubRecentLog(searchPath: folder.path, timeout: .milliseconds(500)).read()
        #expect(outcome == .unavailable("'iotedge logs --since 5m edgeHub' did not finish within 0.5 seconds"), "\(outcome)")
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
