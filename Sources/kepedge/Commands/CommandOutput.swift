import Synchronization
import Foundation

/// Output helpers the commands share.
enum CommandOutput {
    /// A `kepedge: note: …` line on stderr: something worth knowing that does not change the exit code.
    static func note(_ line: String) {
        StandardError.write("kepedge: note: \(line)\n")
    }

    /// A note said once the command has run well (a warning about a secret on the command line): a failure
    /// is one line on its own, so the note is dropped when the command ends in one.
    static func noteAfterRun(_ line: String) {
        pendingNotes.withLock { $0.append(line) }
    }

    /// Says the notes kept by `noteAfterRun`.
    static func flushNotesAfterRun() {
        for line in pendingNotes.withLock({ notes in defer { notes = [] }; return notes }) { note(line) }
    }

    private static let pendingNotes = Mutex<[String]>([])
}
