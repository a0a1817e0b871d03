import Foundation

/// The real `openssl s_client`, as a reference: what verify code does OpenSSL's own client report
/// for an endpoint and a CA file?
public enum OpenSSLClient {
    public struct Outcome: Sendable {
        /// `verify error:num=N` (the first), else `Verify return code: N`; nil when no certificate was checked.
        public let verifyCode: Int?
        public let output: String
        public let timedOut: Bool
    }

    /// Runs `openssl s_client -connect ADDRESS:PORT -servername HOST -verify_hostname HOST
    /// [-CAfile CA] -verify_return_error` with stdin closed, stopped after `timeout`.
    public static func verify(
        connect address: String, port: Int, hostname: String, caFile: String?, timeout: Duration = .seconds(20)
    ) async throws -> Outcome {
        var arguments = ["s_client", "-connect", "\(address):\(port)", "-servername", hostname, "-verify_hostname", hostname]
        if let caFile { arguments += ["-CAfile", caFile] }
        arguments.append("-verify_return_error")
        let result = try await BinaryRunner(executable: URL(fileURLWithPath: "/usr/bin/openssl")).run(arguments, timeout: timeout)
        let output = result.stdout + result.stderr
        return Outcome(verifyCode: parseVerifyCode(output), output: output, timedOut: result.timedOut)
    }

    static func parseVerifyCode(_ output: String) -> Int? {
        for marker in ["verify error:num=", "Verify return code: "] {
            if let range = output.range(of: marker) {
                let digits = output[range.upperBound...].prefix { $0.isNumber }
                if let code = Int(digits) { return code }
            }
        }
        return nil
    }
}
