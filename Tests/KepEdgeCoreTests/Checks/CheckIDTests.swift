import Foundation
import KepEdgeCore
import Testing

/// Every check id is documented for scripts, and only KepEdgeCore builds check results, so the wizard's
/// screens and `kepedge check` cannot word or number a verdict differently.
struct CheckIDTests {
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The ids in docs/check-json.md's table, with the step each is listed under.
    private static func documentedIDs() throws -> [String: Int] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/check-json.md"), encoding: .utf8)
        var ids: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 3, let step = Int(cells[1]), cells[2].hasPrefix("`"), cells[2].hasSuffix("`") else { continue }
            ids[String(cells[2].dropFirst().dropLast())] = step
        }
        return ids
    }

    @Test func everyCheckIDIsDocumentedUnderItsStepAndNothingElseIs() throws {
        let documented = try Self.documentedIDs()
        let produced = Dictionary(uniqueKeysWithValues: CheckID.allCases.map { ($0.rawValue, $0.step.rawValue) })
        #expect(documented == produced)
    }

    @Test func eachStepReportsSkipsAndTimeoutsUnderAnIDOfItsOwn() {
        for step in StepID.allCases {
            #expect(step.checkID.step == step)
            #expect(CheckResult.skipped(step, reason: "x").id == step.checkID)
            #expect(CheckResult.timedOut(step, after: .seconds(1)).status == .error)
        }
    }

    /// The boundary the architecture keeps: a `CheckResult` is built only in KepEdgeCore.
    @Test func noTargetButCoreBuildsACheckResult() throws {
        let sources = Self.packageRoot.appendingPathComponent("Sources")
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0 != "KepEdgeCore" }
        var offenders: [String] = []
        for target in targets {
            guard let files = FileManager.default.enumerator(atPath: sources.appendingPathComponent(target).path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: sources.appendingPathComponent(target).appendingPathComponent(file), encoding: .utf8)
                if text.contains("CheckResult(") { offenders.append("\(target)/\(file)") }
            }
        }
        #expect(offenders.isEmpty, "build these verdicts in KepEdgeCore: \(offenders)")
    }
}
