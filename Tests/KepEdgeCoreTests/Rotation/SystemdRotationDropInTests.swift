import KepEdgeCore
import KepEdgeTestSupport
import Testing

@Suite struct SystemdRotationDropInTests {
    /// IoT Hub allows `- . % _ * ? ! ( ) , : = @ $ '` in device ids; systemd expands `%` and `$` in ExecStart.
    static let awkwardArguments = ["dev%i$HOME${USER}$$%%", "with space", "quote\"and\\back'slash", "semi;colon", "tab\there", "new\nline", ""]

    @Test func everyExecWordComesBackAsWrittenAfterSystemdsExpansions() throws {
        let parser = SystemdExecLineParser(instance: "INSTANCE", environment: ["HOME": "/root", "USER": "root"])
        let line = SystemdUnitSyntax.execLine(["/usr/bin/kepedge", "agent", "rotate"] + Self.awkwardArguments)
        #expect(try parser.arguments(line) == ["/usr/bin/kepedge", "agent", "rotate"] + Self.awkwardArguments)
    }

    @Test func aPlainShellQuoteWouldNotSurviveSystemd() throws {
        // The old units single-quoted for a shell: systemd still expanded the device id's % and $.
        let parser = SystemdExecLineParser(instance: "x", environment: ["HOME": "/root"])
        #expect(try parser.arguments("kepedge --device 'dev%i$HOME'") != ["kepedge", "--device", "dev%i$HOME"])
    }

    @Test func instanceNamesAreWhatSystemdEscapeMakes() {
        // Expected values from `systemd-escape` (systemd 252) for the same input.
        #expect(SystemdUnitSyntax.instanceName("kepware-01") == "kepware\\x2d01")
        #expect(SystemdUnitSyntax.instanceName("a.b:c_d") == "a.b:c_d")
        #expect(SystemdUnitSyntax.instanceName(".lead/slash") == "\\x2elead-slash")
        #expect(SystemdUnitSyntax.instanceName("p%$'@(x)") == "p\\x25\\x24\\x27\\x40\\x28x\\x29")
    }

    @Test func dropInResetsExecStartAndNamesTheInstanceFiles() throws {
        let dropIn = SystemdRotationDropIn(executable: "/usr/bin/kepedge", device: "kep$ware%1",
                                           arguments: ["--device", "kep$ware%1", "--kepware-https"],
                                           secretVariables: ["KEPEDGE_DEVICE_KEY"])
        #expect(dropIn.instance == "kep\\x24ware\\x251")
        #expect(dropIn.path == "/etc/systemd/system/kepedge-rotate@kep\\x24ware\\x251.service.d/kepedge.conf")
        #expect(dropIn.environmentFile == "/etc/kepedge/rotate/kep\\x24ware\\x251.env")
        let lines = dropIn.text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.first == "[Service]")
        #expect(lines.dropFirst().first == "ExecStart=")
        let exec = try #require(lines.last { $0.hasPrefix("ExecStart=") && $0.count > 10 })
        #expect(try SystemdExecLineParser().arguments(String(exec.dropFirst("ExecStart=".count)))
                == ["/usr/bin/kepedge", "agent", "rotate", "--device", "kep$ware%1", "--kepware-https"])
        #expect(dropIn.text.contains("KEPEDGE_DEVICE_KEY=…"))
    }
}
