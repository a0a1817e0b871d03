// swift-tools-version:6.0
// kepedge: a terminal setup wizard that connects Kepware's IoT Gateway MQTT agent
// to Azure IoT Hub through an Azure IoT Edge transparent gateway.
//
// Module boundaries (see README.md, "Layout"):
//   KepEdgeCore    pure step models and domain values: no terminal, sockets or processes
//   KepEdgeProbes  every piece of I/O: OpenSSL TLS probe, resolver, libmosquitto, HTTP clients, files
//   KepEdgeRuntime runs the wizard's effects with the probes, and `kepedge check` headless
//   KepEdgeTUI     the only module that imports curses
//   kepedge        the command line, wiring the three together
import PackageDescription

let package = Package(
    name: "kepedge",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kepedge", targets: ["kepedge"]),
        // The lab broker's mosquitto plugin (libkepedge-broker-auth.so): authenticates clients as edgeHub does.
        .library(name: "kepedge-broker-auth", type: .dynamic, targets: ["CKepEdgeBrokerAuth"]),
    ],
    dependencies: [
        // The command line: subcommands, help and exit codes.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // HMAC-SHA256 and SHA digests for SAS tokens inside the pure core (OpenSSL stays in the probe layer).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Real parsers for the IoT Edge config files: /etc/aziot/config.toml (1.2+) and /etc/iotedge/config.yaml (1.1).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // HTTPS to the IoT Hub registry and the Kepware Configuration API: timeouts, proxies, custom trust roots.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The lab's fake IoT Hub and fake Kepware Configuration API are small NIO HTTP(S) servers on loopback.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C system libraries, each behind a header of prefixed shims for the macros Swift cannot import.
        .systemLibrary(name: "CNCursesW", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        // AMQP 1.0 (IoT Hub's built-in Event Hub-compatible endpoint): Debian ships core and proactor as one library,
        // -lqpid-proton, headers in /usr/include. No pkgConfig: Debian's libqpid-proton.pc opens with a C comment
        // (its licence) that SwiftPM's .pc reader rejects with a warning on every build; it adds no flags anyway.
        .systemLibrary(name: "CQpidProton", providers: [.apt(["libqpid-proton11-dev"])]),

        // C, loaded by mosquitto (v5 plugin API); HMAC-SHA256 and base64 from libcrypto. See docs/lab-broker-auth.md.
        .target(name: "CKepEdgeBrokerAuth", linkerSettings: [.linkedLibrary("crypto")]),
        // The commit `kepedge --version` names, stamped by scripts/build-deb (docs/packaging.md).
        .target(name: "CKepEdgeBuildInfo"),

        .target(
            name: "KepEdgeCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "KepEdgeProbes",
            dependencies: [
                "KepEdgeCore", "COpenSSL", "CMosquitto", "CQpidProton",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        // Performs the wizard's effects with the probes (the terminal UI and `WizardDriver` send them here),
        // and runs every step's checks headless for `kepedge check`. Verdicts stay in KepEdgeCore.
        .target(
            name: "KepEdgeRuntime",
            dependencies: ["KepEdgeCore", "KepEdgeProbes"]
        ),
        // Contract-exact fakes of the IoT Hub registry and the Kepware Configuration API, for tests and the lab.
        .target(
            name: "KepEdgeLab",
            dependencies: [
                "KepEdgeCore", "KepEdgeProbes", "KepEdgeRuntime", "CQpidProton",
                .product(name: "NIO", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "KepEdgeTUI",
            dependencies: ["KepEdgeCore", "CNCursesW"]
        ),
        .executableTarget(
            name: "kepedge",
            dependencies: [
                "KepEdgeCore", "KepEdgeProbes", "KepEdgeRuntime", "KepEdgeTUI", "KepEdgeLab", "CKepEdgeBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The static Swift runtime links with -export-dynamic: every one of kepedge's ~38,000 symbols went into
            // the dynamic symbol table, and at start-up the runtime's dladdr (finding its own path) searched it
            // linearly. Nothing loads into kepedge and looks symbols up in it, so none are exported: `--version`
            // about 2 ms faster (BENCHMARKS.md).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release))]
        ),
        // Benchmarks (BENCHMARKS.md, `make bench`): figures beside mosquitto_sub and openssl s_client.
        .executableTarget(
            name: "kepedge-bench",
            // KepEdgeLab: the hub_events benchmark reads the lab IoT Hub's AMQP endpoint.
            dependencies: ["KepEdgeCore", "KepEdgeProbes", "KepEdgeTUI", "KepEdgeLab"],
            path: "Benchmarks/KepEdgeBench"
        ),

        // Test harnesses shared by the test targets (TestStore, process runner, broker fixtures).
        .target(
            name: "KepEdgeTestSupport",
            dependencies: ["KepEdgeCore", "KepEdgeProbes"],
            path: "Tests/KepEdgeTestSupport"
        ),
        .testTarget(name: "KepEdgeCoreTests", dependencies: ["KepEdgeCore", "KepEdgeTestSupport"]),
        .testTarget(name: "KepEdgeProbesTests", dependencies: ["KepEdgeProbes", "KepEdgeCore", "KepEdgeTestSupport"]),
        .testTarget(name: "KepEdgeCLITests", dependencies: ["KepEdgeCore", "KepEdgeLab", "KepEdgeRuntime", "KepEdgeTestSupport"]),
        .testTarget(name: "KepEdgeTUITests", dependencies: ["KepEdgeTUI", "KepEdgeTestSupport"]),
        .testTarget(name: "KepEdgeRuntimeTests", dependencies: ["KepEdgeRuntime", "KepEdgeLab", "KepEdgeProbes", "KepEdgeCore", "KepEdgeTestSupport"]),
        .testTarget(name: "KepEdgeLabTests", dependencies: ["KepEdgeLab", "KepEdgeRuntime", "KepEdgeProbes", "KepEdgeCore", "KepEdgeTestSupport"]),
    ]
)
