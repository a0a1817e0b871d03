import Foundation
import KepEdgeTestSupport
import Testing

/// Issue 17, item 14: the `.cer` the Kepware host will trust is not left where another user can swap it,
/// and the user is told how to check the copy's thumbprint on Windows before importing it.
@Suite struct CertsExportHardeningTests {
    @Test("a world-writable folder another user owns is refused with what to do; nothing is written")
    func sharedFolderRefused() async throws {
        let certificates = try TestCertificates()
        let folder = try TemporaryDirectory()
        let shared = folder.file("shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
        chmod(shared, 0o1777)
        // Owned by someone else: as root, give it to nobody; as a user, /tmp itself is such a folder.
        let target = getuid() == 0 ? shared : "/tmp"
        if getuid() == 0 { #expect(chown(shared, 65534, 65534) == 0) }
        let result = try await BinaryRunner().run(["certs", "export", certificates.rootCAFile, "--out", target])
        #expect(result.exitCode == 2)
        #expect(result.stderrLines.count == 1)
        #expect(result.stderr.contains("anyone may write to this folder and another user owns it"))
        #expect(result.stderr.contains("mkdir -m 700"))
        #expect(!FileManager.default.fileExists(atPath: target + "/root-ca.cer"))
    }

    @Test("a folder of one's own works, and the output says how to compare the thumbprint before import")
    func thumbprintToCompare() async throws {
        let certificates = try TestCertificates()
        let folder = try TemporaryDirectory()
        let result = try await BinaryRunner().run(["certs", "export", certificates.rootCAFile, "--out", folder.path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("before importing, compare the copy's thumbprint"))
        #expect(result.stdout.contains("certutil -hashfile root-ca.cer SHA1"))
        // What certutil -hashfile prints is the SHA-1 of the file: the thumbprint shown must be exactly that.
        let thumbprint = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("thumbprint:") }?.split(separator: " ").last)
        let sha1 = try await BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/sha1sum")).run([folder.file("root-ca.cer")])
        #expect(sha1.stdout.prefix(40).uppercased() == thumbprint.uppercased())
    }
}
