// swift-tools-version: 6.1
// Peer WebSocket echo servers for the transport benchmark (`run.sh`).
//
// A separate package on purpose: the product package never depends on it and CI never builds it.
// SwiftNIO (through Hummingbird) is allowed here and nowhere else.
import PackageDescription

let package = Package(
    name: "SwitchboardPeers",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .executableTarget(
            name: "hummingbird-echo",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ]
        ),
        .executableTarget(
            name: "flyingfox-echo",
            dependencies: [
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
    ]
)
