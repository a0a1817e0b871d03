import Foundation
import KepEdgeCore
import KepEdgeProbes

/// Benchmark 5: time to a TLS verdict against one mosquitto TLS listener with a generated IoT Edge-style chain
/// (root, intermediate, device CA, server), in the same run: kepedge's `TLSProbe` in-process, `kepedge tls` as a
/// whole process, and `openssl s_client -verify_return_error` as a whole process.
enum TLSBenchmark {
    static let hostname = "localhost"

    static func run(runs: Int) async -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "tls",
            bound: "Loopback round trips plus the broker's RSA-2048 signature per handshake; the whole-process figures add exec and start-up.")
        var broker: LoopbackBroker?
        defer { broker?.stop() }
        do {
            let folder = try ScratchFolder("kepedge-bench-tls")
            defer { folder.remove() }
            let chain: CertificateChainGenerator.GeneratedChain
            do { chain = try CertificateChainGenerator.generate(.init(hostname: hostname), into: folder.path) } catch {
                throw BenchFailure("could not generate the test chain: \(error.description)")
            }
            let started = try LoopbackBroker(certificateChain: chain.serverFullChain, key: chain.serverKey)
            broker = started
            let port = started.port

            var probeTimes: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                let report = await TLSProbe().probe(TLSProbeRequest(host: hostname, port: port, caFile: chain.rootCertificate, timeoutSeconds: 5))
                probeTimes.append(Measure.milliseconds(ContinuousClock.now - start))
                guard report.isVerified else { throw BenchFailure("the TLS probe did not verify the chain: \(String(describing: report.failure))") }
            }
            guard let openssl = Executables.system("/usr/bin/openssl") else { throw BenchFailure("openssl is not installed") }
            let opensslMedian = try BenchProcess.medianRunMilliseconds(openssl, [
                "s_client", "-connect", "\(hostname):\(port)", "-servername", hostname, "-verify_hostname", hostname,
                "-CAfile", chain.rootCertificate, "-verify_return_error", "-brief",
            ], runs: runs)
            let probeMedian = Measure.median(probeTimes)
            result.add(Metric("tls_probe_in_process_median_ms", probeMedian, "ms"))
            result.add(Metric("openssl_s_client_process_median_ms", opensslMedian, "ms"))
            result.add(Metric("probe_to_openssl_ratio", probeMedian / opensslMedian, "ratio", atMost: 1))
            if let kepedge = Executables.kepedge {
                let commandMedian = try BenchProcess.medianRunMilliseconds(
                    kepedge, ["tls", "--host", hostname, "--port", String(port), "--ca", chain.rootCertificate], runs: runs)
                result.add(Metric("kepedge_tls_process_median_ms", commandMedian, "ms"))
                result.add(Metric("kepedge_tls_to_openssl_ratio", commandMedian / opensslMedian, "ratio", atMost: 1))
            }
        } catch {
            result.error = "\(error)"
        }
        return result
    }
}
