import Foundation
import KepEdgeProbes
import KepEdgeTestSupport
import Testing

/// Issue 17, item 10: children (`iotedge logs`, `docker logs`, the lab's mosquitto) never inherit the
/// `KEPEDGE_*` variables that hold secrets.
@Suite(.serialized) struct ChildEnvironmentTests {
    @Test("a real child's environment has no KEPEDGE_ variable, and keeps PATH")
    func realChild() throws {
        let folder = try TemporaryDirectory()
        let output = folder.file("env.txt")
        setenv("KEPEDGE_DEVICE_KEY", "c2VjcmV0LWtleQ==", 1)
        defer { unsetenv("KEPEDGE_DEVICE_KEY") }
        let child = try ChildProcess(executable: "/usr/bin/env", arguments: [], outputFile: output)
        #expect(child.waitForExit(timeout: 10) != nil)
        let seen = try String(contentsOfFile: output, encoding: .utf8)
        #expect(!seen.contains("KEPEDGE_"))
        #expect(!seen.contains("c2VjcmV0LWtleQ=="))
        #expect(seen.contains("PATH="))
    }

    @Test("the filter drops every KEPEDGE_ name, in any case, and nothing else")
    func filter() {
        let kept = ChildProcess.childEnvironment(["KEPEDGE_KEPWARE_PASSWORD": "p", "kepedge_x": "y", "HOME": "/root", "XKEPEDGE_": "z"])
        #expect(kept == ["HOME": "/root", "XKEPEDGE_": "z"])
    }
}
