import KepEdgeCore
import Testing

@Suite struct ProxyRuleTests {
    @Test(arguments: [
        ("*", "anything.example", 443, true),
        ("azure-devices.net", "myhub.azure-devices.net", 443, true),
        (".azure-devices.net", "myhub.azure-devices.net", 443, true),
        ("*.azure-devices.net", "myhub.azure-devices.net", 443, true),
        ("azure-devices.net", "azure-devices.net", 443, true),
        ("devices.net", "myhub.azure-devices.net", 443, false),
        ("azure-devices.net", "myhub.notazure-devices.net", 443, false),
        ("evices.net", "myhub.azure-devices.net", 443, false),
        ("127.0.0.1", "127.0.0.1", 8443, true),
        ("127.0.0.1:9000", "127.0.0.1", 8443, false),
        ("127.0.0.1:8443", "127.0.0.1", 8443, true),
        ("localhost, 10.0.0.1", "10.0.0.1", 443, true),
        ("localhost 10.0.0.1", "10.0.0.2", 443, false),
        ("[::1]", "::1", 443, true),
        ("MyHub.Azure-Devices.NET", "myhub.azure-devices.net", 443, true),
        ("", "myhub.azure-devices.net", 443, false),
    ])
    func noProxyMatchesLikeCurl(list: String, host: String, port: Int, bypass: Bool) {
        #expect(NoProxyRule(list).bypasses(host: host, port: port) == bypass)
    }

    @Test func lowercaseVariablesWinAndNoProxyBypasses() throws {
        let environment = ["https_proxy": "http://proxy.plant:3128", "HTTPS_PROXY": "http://other:1", "NO_PROXY": ".internal"]
        #expect(try ProxyChoice.forRequest(host: "myhub.azure-devices.net", port: 443, environment: environment) == ProxyChoice(host: "proxy.plant", port: 3128))
        #expect(try ProxyChoice.forRequest(host: "kepware.internal", port: 443, environment: environment) == nil)
        #expect(try ProxyChoice.forRequest(host: "myhub.azure-devices.net", port: 443, environment: [:]) == nil)
        #expect(try ProxyChoice.forRequest(host: "h", port: 443, environment: ["HTTPS_PROXY": "proxy:8080/"]) == ProxyChoice(host: "proxy", port: 8080))
    }

    @Test func unusableProxyValuesAreNamedNotIgnored() {
        #expect(throws: ProxySettingError.self) { try ProxyChoice.forRequest(host: "h", port: 443, environment: ["https_proxy": "socks5://p:1080"]) }
        #expect(throws: ProxySettingError.self) { try ProxyChoice.forRequest(host: "h", port: 443, environment: ["https_proxy": "http://p:notaport"]) }
        do {
            _ = try ProxyChoice.forRequest(host: "h", port: 443, environment: ["https_proxy": "http://user:s3cret@p:3128"])
            Issue.record("credentials in the proxy URL were accepted")
        } catch {
            #expect(!error.description.contains("s3cret"))
        }
    }
}
