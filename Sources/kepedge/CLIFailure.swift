/// A failure the user can act on: one line on stderr saying which input, what is wrong and what to do.
///
/// Exit codes are part of kepedge's contract with scripts and cron jobs:
/// 0 ok, 1 a check failed, 2 usage or input error.
struct CLIFailure: Error {
    static let checkFailedExitCode: Int32 = 1
    static let usageExitCode: Int32 = 2

    let message: String
    let exitCode: Int32

    /// Bad input: a flag's value, a file, an environment variable. Exit 2.
    static func input(_ message: String) -> CLIFailure {
        CLIFailure(message: message, exitCode: usageExitCode)
    }

    /// The command ran and what it checked is not right. Exit 1.
    static func checkFailed(_ message: String) -> CLIFailure {
        CLIFailure(message: message, exitCode: checkFailedExitCode)
    }
}
