import ArgumentParser

/// The Switchboard server and its operator subcommands.
@main
struct Switchboard: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Switchboard: real-time contact distribution (ACD) over WebSocket.",
        version: version
    )

    func run() async throws {
        print("switchboard \(Self.version): the server is not wired up yet; see README.md")
    }
}
