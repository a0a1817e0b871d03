/// Why a certificate file could not be used; `description` names the file and what is wrong.
public struct CertificateFileError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// "/var/secrets/root.pem: holds no certificate (it holds a PRIVATE KEY)"
    public var description: String { "\(path): \(problem)" }
}
