import Foundation

/// Golden screens: rendered grids as plain text (one row per line, `|` at the right edge) kept in
/// `screens/<name>.txt` at the package root. `KEPEDGE_RECORD_SCREENS=1` re-records them; a missing
/// golden is recorded and reported as a failure, so a new screen is always looked at once.
public enum ScreenGolden {
    public enum Outcome: Equatable, CustomStringConvertible {
        case matched
        case recorded(path: String)
        case mismatch(path: String, diff: String)

        public var description: String {
            switch self {
            case .matched: return "matched"
            case .recorded(let path): return "recorded a new golden at \(path); check it and run the test again"
            case .mismatch(let path, let diff):
                return "screen differs from \(path) (KEPEDGE_RECORD_SCREENS=1 re-records):\n\(diff)"
            }
        }
    }

    /// Compares `rendered` with `screens/<name>.txt`. `filePath` locates the package (pass `#filePath`).
    public static func check(_ rendered: String, named name: String, filePath: String = #filePath) -> Outcome {
        let path = screensDirectory(from: filePath).appendingPathComponent("\(name).txt").path
        let record = ProcessInfo.processInfo.environment["KEPEDGE_RECORD_SCREENS"] == "1"
        guard !record, let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? rendered.write(toFile: path, atomically: true, encoding: .utf8)
            return record ? .matched : .recorded(path: path)
        }
        if expected == rendered { return .matched }
        return .mismatch(path: path, diff: lineDiff(expected: expected, actual: rendered))
    }

    /// The rows that differ, as `-` expected and `+` actual with row numbers.
    public static func lineDiff(expected: String, actual: String) -> String {
        let old = expected.components(separatedBy: "\n"), new = actual.components(separatedBy: "\n")
        var lines: [String] = []
        for row in 0..<max(old.count, new.count) {
            let a = row < old.count ? old[row] : "(none)", b = row < new.count ? new[row] : "(none)"
            if a != b {
                lines.append(String(format: "%3d - %@", row, a))
                lines.append(String(format: "%3d + %@", row, b))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `screens/` in the first folder above `filePath` that holds Package.swift.
    static func screensDirectory(from filePath: String) -> URL {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory.appendingPathComponent("screens")
            }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "screens")
    }
}
