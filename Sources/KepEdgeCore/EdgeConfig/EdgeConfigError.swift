/// Why an IoT Edge config file could not be used: which file, what is wrong, what to do.
public struct EdgeConfigError: Error, Equatable, Codable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Codable, Sendable {
        /// Neither of the files looked at exists.
        case notFound
        /// The process may not read the file (it is root-only on a gateway).
        case permissionDenied
        /// The path is a directory, or reading failed for another reason (the system's words).
        case unreadable(reason: String)
        /// The file is empty or only whitespace.
        case empty
        /// The bytes are not UTF-8 text.
        case notText
        /// The TOML or YAML parser rejected it; `line` is 1-based when the parser gave one.
        case malformed(parserMessage: String, line: Int?)
        /// The file parses but has no usable `hostname`.
        case missingHostname
    }

    /// The file (or files, for `notFound` on the default locations) that were looked at.
    public var paths: [String]
    public var problem: Problem

    public init(paths: [String], problem: Problem) {
        self.paths = paths
        self.problem = problem
    }

    public init(path: String, problem: Problem) {
        self.init(paths: [path], problem: problem)
    }

    /// One line: the file, what is wrong, what to do.
    public var description: String {
        let file = paths.joined(separator: " or ")
        switch problem {
        case .notFound:
            return "\(file): not found. Is IoT Edge installed on this machine? Pass the config file's path, or the gateway's host name."
        case .permissionDenied:
            return "\(file): permission denied. The IoT Edge config is readable by root only: run kepedge with sudo."
        case .unreadable(let reason):
            return "\(file): cannot be read (\(reason)). Pass the path of the config file itself."
        case .empty:
            return "\(file): the file is empty. Fill in the IoT Edge config (at least `hostname`) and apply it."
        case .notText:
            return "\(file): not a text file. Pass the IoT Edge config.toml or config.yaml."
        case .malformed(let parserMessage, let line):
            let at = line.map { " at line \($0)" } ?? ""
            return "\(file): malformed\(at): \(parserMessage). Fix the file, then check it with `sudo iotedge check`."
        case .missingHostname:
            return "\(file): no `hostname` set and the machine's host name could not be read. Set `hostname` to the gateway's name (the name downstream devices connect with); \(EdgeConfig.settingHostnameConsequence)."
        }
    }
}
