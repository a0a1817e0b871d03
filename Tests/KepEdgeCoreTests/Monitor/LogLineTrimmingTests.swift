import Foundation
@testable import KepEdgeCore
import Testing

/// Log lines are trimmed with Foundation only when an end needs it (`LogLineTrimming`). mosquitto's lines were
/// always trimmed with Foundation before, edgeHub's with the same check: both must read as a Foundation-trimmed
/// line reads.
@Suite struct LogLineTrimmingTests {
    private static let ends = [" ", "  ", "\t", "\r\n", "\n", "\r", "\u{A0}", "\u{3000}", "\u{2028}", "\u{85}", "\u{200B}", " \t\r\n\u{A0}\u{3000}", ""]

    @Test("a mosquitto line padded with spaces, tabs, CR LF, U+00A0 and U+3000 reads as the trimmed line")
    func mosquittoPadding() {
        let text = "1795744348: Client kepware-01 disconnected, not authorised."
        for leading in Self.ends {
            for trailing in Self.ends {
                let line = MosquittoLogLine(parsing: leading + text + trailing)
                #expect(line == MosquittoLogLine(parsing: text), "\(Array(leading.unicodeScalars)) … \(Array(trailing.unicodeScalars))")
                #expect(line.time == Date(timeIntervalSince1970: 1_795_744_348))
                #expect(line.message == "Client kepware-01 disconnected, not authorised.")
                #expect(line.classification == .brokerClientRefused)
                #expect(line.clientID == "kepware-01")
            }
        }
        // A line that is all padding, and one with no time whose message keeps its inner spaces.
        #expect(MosquittoLogLine(parsing: " \u{3000}\r\n").message == "")
        #expect(MosquittoLogLine(parsing: "\u{A0}mosquitto  version 2.0.11 running\t").message == "mosquitto  version 2.0.11 running")
    }

    @Test("an edgeHub line padded the same ways reads as the trimmed line")
    func edgeHubPadding() {
        let text = "<6> 2024-11-19 13:57:17.901 +00:00 [INF] - New device connection for device kepware-01"
        for leading in Self.ends {
            for trailing in Self.ends {
                #expect(EdgeHubLogLine(parsing: leading + text + trailing) == EdgeHubLogLine(parsing: text))
            }
        }
    }

    @Test("each end is trimmed exactly when Foundation trims it, for every scalar up to U+3001 and some beyond")
    func sameAsFoundation() {
        let scalars = (0...0x3001).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{E0020}", "\u{1F600}", "\u{10FFFF}"]
        for scalar in scalars {
            let end = String(scalar)
            for line in [end + "x" + end, end, "x" + end, end + "x", "\u{600}" + end, end + "\u{301}x", "x\u{600}" + end] {
                let expected = line.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(Array(LogLineTrimming.trimmed(line).utf8) == Array(expected.utf8), "\(line.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }
}
