// swift-tools-version: 6.1
// Switchboard: a real-time contact-distribution (ACD) server.
//
// The product depends on no third-party networking framework: the socket layer is our own (epoll + Swift
// concurrency). `.ci/run` fails the build if `swift package show-dependencies` mentions it.
import PackageDescription

/// Settings every Swift target shares: Swift 6 language mode comes from the tools version;
/// these add the upcoming features the codebase is written against.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .executable(name: "switchboard-echo", targets: ["switchboard-echo"]),
        .executable(name: "switchboard-bench", targets: ["switchboard-bench"]),
        .library(name: "SwitchboardRouter", targets: ["SwitchboardRouter"]),
        .library(name: "SwitchboardSignals", targets: ["SwitchboardSignals"]),
        .library(name: "SwitchboardTesting", targets: ["SwitchboardTesting"]),
        .library(name: "SwitchboardTransport", targets: ["SwitchboardTransport"]),
        .library(name: "SwitchboardConfig", targets: ["SwitchboardConfig"]),
        // For the store benchmark (Benchmarks/), which drives a real routing hub with and without a store.
        .library(name: "SwitchboardMessages", targets: ["SwitchboardMessages"]),
        .library(name: "SwitchboardStore", targets: ["SwitchboardStore"]),
        .library(name: "SwitchboardServer", targets: ["SwitchboardServer"]),
        .library(name: "SwitchboardWebSocket", targets: ["SwitchboardWebSocket"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // Operations: Prometheus metrics, the OpenAPI REST API, identity-provider tokens (all NIO-free).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
    ],
    targets: [
        // MARK: System libraries and C shims
        .target(name: "CSwitchboardLinux"),
        // `sqlite3_config` (variadic, so not callable from Swift) for the store's process-wide settings.
        .target(name: "CSwitchboardSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),

        // MARK: Routing core (pure, synchronous, deterministic)
        .target(
            name: "SwitchboardRouter",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Signals (customer memory, surges, service level, deadlines; pure, synchronous, deterministic)
        .target(
            name: "SwitchboardSignals",
            dependencies: [
                "SwitchboardRouter",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Network layer
        .target(
            name: "SwitchboardSocket",
            dependencies: [
                "CSwitchboardLinux",
                "COpenSSL",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "SwitchboardHTTP", swiftSettings: swiftSettings),
        .target(name: "SwitchboardWebSocket", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        .target(
            name: "SwitchboardTransport",
            dependencies: [
                "SwitchboardSocket",
                "SwitchboardHTTP",
                "SwitchboardWebSocket",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Wire protocol v1 (JSON messages; no I/O)
        // The wire speaks the routing core's vocabulary (`Channel`); the core is pure, so still no I/O.
        .target(name: "SwitchboardMessages", dependencies: ["SwitchboardRouter"], swiftSettings: swiftSettings),

        // MARK: Configuration
        .target(
            name: "SwitchboardConfig",
            dependencies: [
                "SwitchboardRouter",
                // WebOrigin: `server.allowed_origins` is checked by the rule the server applies.
                "SwitchboardHTTP",
                "COpenSSL",
                // Also gives YAMLReader its C parser (`CYaml`, a target of Yams with no product of its own).
                .product(name: "Yams", package: "Yams"),
                // Identity-provider keys (PEM, JWKS) are parsed, and so checked, when the file is loaded.
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Durable store (SQLite through GRDB, WAL)
        .target(
            name: "SwitchboardStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the writer's hot path (binding without GRDB's argument boxes).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "CSwitchboardSQLite",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Server (wire protocol joined to the routing core)
        .target(
            name: "SwitchboardServer",
            dependencies: [
                // The wall clock (`sb_wall_milliseconds`).
                "CSwitchboardLinux",
                "SwitchboardRouter",
                "SwitchboardSignals",
                "SwitchboardMessages",
                "SwitchboardConfig",
                "SwitchboardStore",
                "SwitchboardSocket",
                "SwitchboardWebSocket",
                "SwitchboardTransport",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                // Identity-provider tokens (JWT) verified at login.
                .product(name: "JWTKit", package: "jwt-kit"),
                // `/metrics`: swift-metrics handles backed by a Prometheus registry.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: REST API (OpenAPI: generated server code, its handlers, the transport adapter)
        .target(
            name: "SwitchboardAPI",
            dependencies: [
                "SwitchboardServer",
                "SwitchboardConfig",
                "SwitchboardMessages",
                "SwitchboardHTTP",
                "SwitchboardTransport",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),

        // MARK: Test support (reference router, test clients); also used by the benchmarks
        .target(
            name: "SwitchboardTesting",
            dependencies: ["SwitchboardRouter", "SwitchboardSocket", "SwitchboardTransport"],
            swiftSettings: swiftSettings
        ),

        // MARK: Load tool (scenarios, floor simulation, measurements)
        .target(
            name: "SwitchboardBench",
            dependencies: [
                "SwitchboardRouter",
                "SwitchboardMessages",
                "SwitchboardConfig",
                "SwitchboardSocket",
                "SwitchboardTransport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Executables
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardAPI",
                "SwitchboardConfig",
                "SwitchboardStore",
                "SwitchboardServer",
                "SwitchboardSocket",
                "SwitchboardTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "switchboard-echo",
            dependencies: [
                "SwitchboardTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "switchboard-bench",
            dependencies: [
                "SwitchboardBench",
                "SwitchboardTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "SwitchboardRouterTests",
            // HeapModule: the invariant tests look into the router's heaps.
            dependencies: ["SwitchboardRouter", "SwitchboardTesting", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SwitchboardSignalsTests", dependencies: ["SwitchboardSignals", "SwitchboardRouter"], swiftSettings: swiftSettings),
        .testTarget(name: "SwitchboardHTTPTests", dependencies: ["SwitchboardHTTP"], swiftSettings: swiftSettings),
        .testTarget(name: "SwitchboardWebSocketTests", dependencies: ["SwitchboardWebSocket"], swiftSettings: swiftSettings),
        .testTarget(name: "SwitchboardSocketTests", dependencies: ["SwitchboardSocket", "SwitchboardTesting", .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .testTarget(name: "SwitchboardTransportTests", dependencies: ["SwitchboardTransport", "SwitchboardWebSocket", "SwitchboardTesting", .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .testTarget(name: "SwitchboardMessagesTests", dependencies: ["SwitchboardMessages", "SwitchboardRouter"], swiftSettings: swiftSettings),
        .testTarget(name: "SwitchboardConfigTests", dependencies: ["SwitchboardConfig", "SwitchboardRouter"], swiftSettings: swiftSettings),
        .testTarget(name: "SwitchboardStoreTests", dependencies: ["SwitchboardStore", "SwitchboardRouter", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(
            name: "SwitchboardBenchTests",
            dependencies: [
                "SwitchboardBench", "SwitchboardRouter", "SwitchboardMessages", "SwitchboardConfig", "SwitchboardSocket", "SwitchboardTransport",
                .product(name: "HeapModule", package: "swift-collections"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardServerTests",
            // `switchboard` is built first so the process test can run it (SIGHUP, SIGTERM).
            dependencies: [
                "SwitchboardServer", "SwitchboardRouter", "SwitchboardMessages", "SwitchboardConfig", "SwitchboardStore", "SwitchboardSocket",
                "SwitchboardHTTP", "SwitchboardWebSocket", "SwitchboardTransport", "SwitchboardTesting", "SwitchboardSignals", "switchboard",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardAPITests",
            dependencies: [
                "SwitchboardAPI", "SwitchboardServer", "SwitchboardConfig", "SwitchboardMessages", "SwitchboardRouter", "SwitchboardStore",
                "SwitchboardHTTP", "SwitchboardSocket", "SwitchboardTransport", "SwitchboardTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Interoperability: third-party clients (Python websockets, Autobahn|Testsuite) against the echo server,
        // which is built first so the tests can run it.
        .testTarget(name: "SwitchboardInteropTests", dependencies: ["switchboard-echo", "SwitchboardTesting"], swiftSettings: swiftSettings),
    ]
)
