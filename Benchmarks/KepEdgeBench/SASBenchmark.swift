import Foundation
import KepEdgeCore

/// Benchmark 3: SAS tokens generated per second in-process, and `kepedge sas` as a whole process.
enum SASBenchmark {
    static let hub = "bench-hub.azure-devices.net"
    static let device = "kepware-01"
    /// A made-up key (base64 of 32 bytes); nothing real.
    static let key = "YmVuY2htYXJrLWtleS1ub3QtYS1yZWFsLWRldmljZS0="

    static func run(seconds: Double, processRuns: Int) -> BenchmarkResult {
        var result = BenchmarkResult(
            name: "sas",
            bound: "In-process: HMAC-SHA256 and percent-encoding (CPU). Whole process: exec, dynamic linking and Swift runtime start-up dominate.")
        do {
            guard let sharedKey = try? SharedAccessKey(base64: key), let hubHost = try? IoTHubHost(parsing: hub), let deviceID = try? DeviceID(validating: device) else {
                throw BenchFailure("the benchmark's hub, device or key was refused")
            }
            var generated = 0
            var length = 0
            let start = ContinuousClock.now
            let limit = Duration.milliseconds(Int(seconds * 1000))
            while ContinuousClock.now - start < limit {
                for offset in 0..<100 {
                    let token = SASToken.forDevice(hub: hubHost, device: deviceID, key: sharedKey, expiry: 1_900_000_000 + generated + offset)
                    length &+= token.expiryText.count
                }
                generated += 100
            }
            let elapsed = Measure.seconds(ContinuousClock.now - start)
            precondition(length > 0)
            result.add(Metric("tokens_per_second", Double(generated) / elapsed, "tokens/s", atLeast: 10_000))

            guard let kepedge = Executables.kepedge else { throw BenchFailure("kepedge is not built next to the benchmark (or set KEPEDGE_BINARY)") }
            let folder = try ScratchFolder("kepedge-bench-sas")
            defer { folder.remove() }
            let keyFile = try folder.write("device.key", key + "\n")
            chmod(keyFile, 0o600)
            let milliseconds = try BenchProcess.medianRunMilliseconds(
                kepedge, ["sas", "--hub", hub, "--device", device, "--key-file", keyFile, "--expiry", "1900000000"], runs: processRuns)
            result.add(Metric("kepedge_sas_process_median_ms", milliseconds, "ms", atMost: 200))
        } catch {
            result.error = "\(error)"
        }
        return result
    }
}
