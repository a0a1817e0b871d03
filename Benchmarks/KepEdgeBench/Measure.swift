import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Timing and memory readings.
enum Measure {
    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func seconds(_ duration: Duration) -> Double { milliseconds(duration) / 1000 }

    /// Milliseconds `work` took.
    static func time(_ work: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try work()
        return milliseconds(ContinuousClock.now - start)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// This process's resident memory, from /proc/self/status (Linux).
struct ResidentMemory {
    /// VmRSS: resident now, in MiB.
    let currentMB: Double
    /// VmHWM: the peak resident size so far, in MiB.
    let peakMB: Double

    static func now() -> ResidentMemory {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kilobytes / 1024
        }
        return ResidentMemory(currentMB: field("VmRSS"), peakMB: field("VmHWM"))
    }
}

/// Executables the benchmarks run: kepedge next to this binary (the same build), system tools by path.
enum Executables {
    /// This benchmark binary (it re-runs itself as the curses child).
    static var benchmark: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// `kepedge` from the same build folder, or `$KEPEDGE_BINARY`.
    static var kepedge: String? {
        if let override = ProcessInfo.processInfo.environment["KEPEDGE_BINARY"], !override.isEmpty { return override }
        let sibling = URL(fileURLWithPath: benchmark).deletingLastPathComponent().appendingPathComponent("kepedge").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    /// The first of `candidates` that exists and is executable.
    static func system(_ candidates: String...) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A failure that stops one benchmark (a missing tool, a child that did not start); the others still run.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
