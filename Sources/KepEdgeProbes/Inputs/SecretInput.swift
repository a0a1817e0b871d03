import Foundation

/// Reads one secret (a key or a SAS token) from a file or standard input, so it stays out of shell history.
/// Surrounding whitespace, including the trailing newline editors add, is dropped.
public enum SecretInput {
    /// A key or token is well under 1 KiB; anything bigger is the wrong file.
    public static let maximumBytes = 64 * 1024

    public static func read(file path: String) throws(SecretInputError) -> String {
        let data: Data
        do { data = try BoundedFile.read(path: path, limit: maximumBytes) } catch {
            switch error {
            case .notFound: throw .notFound(path: path)
            case .isADirectory: throw .isADirectory(path: path)
            case .notARegularFile(let kind): throw .notReadable(path: path, reason: "it is \(kind), not a regular file")
            case .notReadable(let reason): throw .notReadable(path: path, reason: reason)
            case .tooLarge: throw .tooLarge(source: path, limit: maximumBytes)
            }
        }
        return try text(from: data, source: path)
    }

    /// Reads standard input to its end (or the first line when it is a terminal, after a prompt on stderr).
    public static func readStandardInput(prompt: String) throws(SecretInputError) -> String {
        let source = "standard input"
        if isatty(STDIN_FILENO) == 1 {
            FileHandle.standardError.write(Data("\(prompt)\n".utf8))
            // Echo off while the secret is typed or pasted, so it is not left on the screen (or in a
            // terminal's scrollback or a screen recording); restored however reading ends.
            var saved = termios()
            let hidden = tcgetattr(STDIN_FILENO, &saved) == 0
            if hidden {
                var quiet = saved
                quiet.c_lflag &= ~tcflag_t(ECHO)
                quiet.c_lflag |= tcflag_t(ECHONL)
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
            }
            defer { if hidden { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) } }
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
