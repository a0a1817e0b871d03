import Foundation
import KepEdgeTestSupport

/// What the tmux tests of `kepedge lab` share: the terminal it runs in, the lab folders it makes, and the
/// processes it starts (to prove they are gone after it ends).
enum LabTerminal {
    /// `script` under sh in an 80x24 tmux with pinned TERM and LANG; the lab's temporary folders go to `directory/tmp`.
    static func session(_ script: String, in directory: TemporaryDirectory) throws -> TmuxSession {
        try TmuxSession(width: 80, height: 24, command: script, environment: [
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "HOME": directory.path, "TMPDIR": directory.file("tmp"),
        ])
    }

    /// The lab folders under `directory/tmp`.
    static func labFolders(in directory: TemporaryDirectory) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.file("tmp"))) ?? [])
            .filter { $0.hasPrefix("kepedge-lab-") }.map { directory.file("tmp/\($0)") }
    }

    /// The pids whose command line (`/proc/PID/cmdline`, split at NULs) satisfies `matching`.
    static func processes(_ matching: ([String]) -> Bool) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return matching(data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// The process's state letter from `/proc/PID/stat` (`S` sleeping, `T` stopped), nil when it is gone.
    static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: end)...].split(separator: " ").first.map(String.init)
    }

    /// The pids of mosquitto processes whose command line names `folder`.
    static func mosquittoProcesses(using folder: String) -> [Int32] {
        processes { $0.first?.hasSuffix("mosquitto") == true && $0.contains { $0.contains(folder) } }
    }
}
