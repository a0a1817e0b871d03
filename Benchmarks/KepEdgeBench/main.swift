import Foundation

// kepedge-bench: how fast and how lean kepedge is, beside the tools it replaces (issue 8, BENCHMARKS.md).
//   kepedge-bench [--quick] [--only NAME[,NAME…]] [--json FILE]
// Prints a table (value, target, pass/miss) and writes the same figures as JSON. Run it from a release build
// (`make bench`); `--quick` runs a small amount of each, for a test in a debug build.

let names = ["pipeline", "render", "curses_bytes", "sas", "broker", "tls", "startup", "metrics", "hub_events"]
var arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "--curses-child" {
    exit(CursesBytesBenchmark.childMain(arguments: Array(arguments.dropFirst())))
}

var quick = false
var only = Set(names)
var jsonPath: String?
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kepedge-bench: \(message)\n".utf8))
    exit(2)
}
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--quick": quick = true
    case "--only":
        guard let list = arguments.first else { fail("--only needs a name: one or more of \(names.joined(separator: ", ")), comma-separated") }
        arguments.removeFirst()
        only = Set(list.split(separator: ",").map(String.init))
        if let unknown = only.first(where: { !names.contains($0) }) { fail("--only \(unknown): no such benchmark; use one of \(names.joined(separator: ", "))") }
    case "--json":
        guard let path = arguments.first else { fail("--json needs a file path to write the figures to") }
        arguments.removeFirst()
        jsonPath = path
    case "-h", "--help":
        print("usage: kepedge-bench [--quick] [--only \(names.joined(separator: ","))] [--json FILE]")
        exit(0)
    default: fail("unknown argument \(argument); use --quick, --only NAME or --json FILE")
    }
}

// Amounts of work: full runs as BENCHMARKS.md reports them, and --quick for a test in a debug build.
let events = quick ? 20_000 : 1_000_000
let frames = quick ? 20 : 500
let cursesFrames = quick ? 5 : 100
let runs = quick ? 2 : 15
let brokerMessages = quick ? 2_000 : 200_000

signal(SIGPIPE, SIG_IGN)
var results: [BenchmarkResult] = []
for name in names where only.contains(name) {
    FileHandle.standardError.write(Data("kepedge-bench: running \(name)…\n".utf8))
    switch name {
    case "pipeline": results.append(PipelineBenchmark.run(events: events))
    case "render": results.append(RenderBenchmark.run(frames: frames))
    case "curses_bytes": results.append(CursesBytesBenchmark.run(frames: cursesFrames))
    case "sas": results.append(SASBenchmark.run(seconds: quick ? 0.1 : 2, processRuns: runs))
    case "broker": results.append(BrokerBenchmark.run(messages: brokerMessages))
    case "tls": results.append(await TLSBenchmark.run(runs: runs))
    case "startup": results.append(StartupBenchmark.run(runs: quick ? 1 : 5))
    case "metrics": results.append(await MetricsBenchmark.run(parses: quick ? 20 : 1_000, scrapes: quick ? 5 : 200))
    case "hub_events": results.append(await HubEventsBenchmark.run(messages: quick ? 500 : 50_000))
    default: break
    }
}

print(BenchReport.table(results))
for result in results { print("\(result.name): bounded by \(result.bound)") }
if let jsonPath {
    do {
        try BenchReport.json(results, quick: quick).write(to: URL(fileURLWithPath: jsonPath))
    } catch {
        fail("--json \(jsonPath): cannot write the file (\(error.localizedDescription)); check the folder exists and is writable")
    }
}
exit(results.contains { $0.error != nil } ? 1 : 0)
