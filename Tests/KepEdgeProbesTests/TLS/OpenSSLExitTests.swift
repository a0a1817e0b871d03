import COpenSSL
import Foundation
@testable import KepEdgeProbes
import Testing

/// kepedge ends (F10, Ctrl-C, a check's verdict) while other threads may be inside OpenSSL: the IoT Hub reader
/// reconnecting, libmosquitto's network threads. OpenSSL's own exit handler frees its locks under them; the
/// lab crashed that way after F10 (`lab exited 139`, a NULL lock under `pn_ssl_domain`). Each run here is a
/// process of its own (this test binary, running only `child`) that ends with four threads loading CA paths,
/// as Proton does for every connection. Without `OpenSSLExit` most such processes die of SIGSEGV or SIGBUS.
@Suite struct OpenSSLExitTests {
    static let childVariable = "KEPEDGE_OPENSSL_EXIT_CHILD"

    @Test func aProcessEndsWithExitCode0WhileOtherThreadsAreInsideOpenSSL() throws {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        for run in 1...8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--testing-library", "swift-testing", "--filter", "OpenSSLExitTests/child"]
            process.environment = ProcessInfo.processInfo.environment.merging([Self.childVariable: "1"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                    "run \(run): \(process.terminationReason == .uncaughtSignal ? "signal" : "exit code") \(process.terminationStatus)")
        }
    }

    /// The process the test above starts: kepedge's start (`OpenSSLExit` first), then an exit with TLS work under way.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil, "runs only as the process the test above starts"))
    func child() {
        OpenSSLExit.keepStateUntilExit()
        for _ in 1...4 {
            Thread.detachNewThread {
                while true {
                    let context = SSL_CTX_new(TLS_client_method())
                    SSL_CTX_set_default_verify_paths(context)
                    SSL_CTX_free(context)
                }
            }
        }
        usleep(30_000)
        exit(0)
    }
}
