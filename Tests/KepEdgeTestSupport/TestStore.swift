import KepEdgeCore
import Testing

/// An exhaustive test harness for a step reducer, in the spirit of TCA's TestStore.
///
/// Every `send` states the whole expected change of state (by mutating the previous state) and the
/// exact effects the reducer must return. Any state difference not asserted, and any effect not
/// listed, fails the test with a readable diff, so nothing a step does can go unasserted.
public final class TestStore<Reducer: StepReducer> {
    public private(set) var state: Reducer.State

    public init(initialState: Reducer.State, reducer: Reducer.Type = Reducer.self) {
        self.state = initialState
    }

    /// Sends `action`; `expectedChange` mutates a copy of the previous state into the expected one.
    @discardableResult
    public func send(
        _ action: Reducer.Action,
        effects expectedEffects: [Reducer.Effect] = [],
        sourceLocation: SourceLocation = #_sourceLocation,
        _ expectedChange: (inout Reducer.State) -> Void = { _ in }
    ) -> [Reducer.Effect] {
        var expected = state
        expectedChange(&expected)
        var actual = state
        let effects = Reducer.reduce(&actual, action)
        if actual != expected {
            Issue.record(
                "State after \(action) differs from the expectation (− expected, + actual):\n\(lineDiff(expected, actual))",
                sourceLocation: sourceLocation)
        }
        if effects != expectedEffects {
            Issue.record(
                "Effects after \(action) differ (− expected, + actual):\n\(lineDiff(expectedEffects, effects))",
                sourceLocation: sourceLocation)
        }
        state = actual
        return effects
    }
}

/// A line diff of two values' `dump` output, keeping only the lines that differ (with context).
public func lineDiff<T>(_ expected: T, _ actual: T) -> String {
    var expectedDump = "", actualDump = ""
    dump(expected, to: &expectedDump)
    dump(actual, to: &actualDump)
    let old = expectedDump.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actualDump.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    for index in 0..<max(old.count, new.count) {
        let before = index < old.count ? String(old[index]) : nil
        let after = index < new.count ? String(new[index]) : nil
        if before == after { continue }
        if let before { lines.append("− \(before)") }
        if let after { lines.append("+ \(after)") }
    }
    return lines.isEmpty ? "(dumps are identical; the difference is in a value dump does not show)" : lines.joined(separator: "\n")
}
