import ArgumentParser

/// A WebSocket echo server built from the transport alone (conformance and peer benchmarks).
@main
struct Echo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-echo",
        abstract: "WebSocket echo server built from Switchboard's transport alone."
    )

    func run() async throws {}
}
