import Foundation

/// Reads one secret (a key or a SAS token) from a file or standard input, so it stays out of shell history.
/// Surrounding whitespace, including the trailing newline editors add, is dropped.
public enum SecretInput {
    /// A key or token is well under 1 KiB; anything bigger is the wrong file.
    public static let maximumBytes = 64 * 1024

    public static func read(file path: String) throws(SecretInputError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
        if isDirectory.boolValue { throw .isADirectory(path: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .notReadable(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw .notReadable(path: path, reason: "\(error.localizedDescription)")
        }
        return try text(from: data, source: path)
    }

    /// Reads standard input to its end (or the first line when it is a terminal, after a prompt on stderr).
    public static func readStandardInput(prompt: String) throws(SecretInputError) -> String {
        let source = "standard input"
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data("\(prompt)\n".utf8))
            guard let line = readLine(strippingNewline: true) else { throw .empty(source: source) }
            return try text(from: Data(line.utf8), source: source)
        }
        var data = Data()
        while data.count <= maximumBytes {
            guard let chunk = try? FileHandle.standardInput.read(upToCount: 4096), !chunk.isEmpty else { break }
            data.append(chunk)
        }
        return try text(from: data, source: source)
    }

    private static func text(from data: Data, source: String) throws(SecretInputError) -> String {
        if data.count > maximumBytes { throw .tooLarge(source: source, limit: maximumBytes) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notText(source: source) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .empty(source: source) }
        return trimmed
    }
}
