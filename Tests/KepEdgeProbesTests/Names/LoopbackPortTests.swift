import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// The lab's port choice: edgeHub's 8883 when free, else any free port; never port 0 handed on.
@Suite struct LoopbackPortTests {
    @Test func aTakenPortGivesAnotherAndZeroGivesARealPort() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        #expect(LoopbackPort.isAccepting(listener.port))
        let instead = try LoopbackPort.preferring(listener.port)
        #expect(instead != listener.port && instead > 0)
        let any = try LoopbackPort.preferring(0)
        #expect(any > 0)
        #expect(!LoopbackPort.isAccepting(any))
    }
}
