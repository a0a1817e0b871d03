import Foundation
import KepEdgeCore
@testable import KepEdgeProbes
import Testing

@Suite struct ResolverTests {
    @Test func localhostResolvesToLoopback() async {
        let report = await Resolver.resolve("localhost", timeout: .seconds(5))
        #expect(report.resolved)
        #expect(report.error == nil)
        #expect(report.addresses.contains { $0 == "127.0.0.1" || $0 == "::1" })
        #expect(Set(report.addresses).count == report.addresses.count, "duplicates: \(report.addresses)")
    }

    @Test func numericAddressResolvesToItself() async {
        let report = await Resolver.resolve("192.0.2.44", timeout: .seconds(2))
        #expect(report.addresses == ["192.0.2.44"])
    }

    @Test func invalidTopLevelDomainFailsQuicklyWithTheResolverError() async {
        let started = ContinuousClock.now
        let report = await Resolver.resolve("kepedge-gw01.invalid", timeout: .seconds(10))
        #expect(!report.resolved)
        #expect(report.addresses.isEmpty)
        let error = report.error ?? ""
        #expect(!error.isEmpty)
        #expect(error != "timed out")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aLookupThatBlocksIsReportedAsTimedOutAtTheTimeout() async {
        let started = ContinuousClock.now
        // The fake lookup blocks far longer than any scheduling delay, so "returned well before it"
        // proves the timeout fired, even on a loaded machine.
        let report = await Resolver.resolve("gw01", timeout: .milliseconds(200)) { _ in
            Thread.sleep(forTimeInterval: 60)
            return (["192.0.2.1"], nil)
        }
        let waited = ContinuousClock.now - started
        #expect(report.error == "timed out")
        #expect(report.addresses.isEmpty)
        #expect(waited >= .milliseconds(190))
        #expect(waited < .seconds(30))
    }

    @Test func emptyNameIsAnError() async {
        let report = await Resolver.resolve("", timeout: .seconds(1))
        #expect(report.error == "empty host name")
    }
}
