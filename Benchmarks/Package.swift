// swift-tools-version: 6.1
// Routing benchmarks (ordo-one/benchmark). A separate package so the main build never depends on it.
// Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "SwitchboardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Switchboard", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "RouterBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SwitchboardRouter", package: "Switchboard"),
                .product(name: "SwitchboardTesting", package: "Switchboard"),
            ],
            path: "Benchmarks/RouterBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        // A real routing hub driven at full speed by in-memory clients, with the store off and on.
        .target(
            name: "HubLoad",
            dependencies: [
                .product(name: "SwitchboardServer", package: "Switchboard"),
                .product(name: "SwitchboardStore", package: "Switchboard"),
                .product(name: "SwitchboardMessages", package: "Switchboard"),
                .product(name: "SwitchboardConfig", package: "Switchboard"),
                .product(name: "SwitchboardWebSocket", package: "Switchboard"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/HubLoad"
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                "HubLoad",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        // Store off and on in alternating rounds under the same load; prints the ratio.
        .executableTarget(
            name: "store-throughput",
            dependencies: ["HubLoad"],
            path: "Sources/store-throughput"
        ),
        // Customer memory at scale: resident bytes per remembered customer, time per arrival, and the
        // rebuild from a store at start.
        .executableTarget(
            name: "customer-memory",
            dependencies: [
                .product(name: "SwitchboardSignals", package: "Switchboard"),
                .product(name: "SwitchboardRouter", package: "Switchboard"),
                .product(name: "SwitchboardStore", package: "Switchboard"),
            ],
            path: "Sources/customer-memory"
        ),
    ]
)
