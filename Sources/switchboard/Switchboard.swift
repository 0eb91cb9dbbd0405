import ArgumentParser

/// The Switchboard server and its operator subcommands. With no subcommand it runs `serve`.
@main
struct Switchboard: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Switchboard: real-time contact distribution (ACD) over WebSocket.",
        version: version,
        subcommands: [Serve.self, CheckConfig.self, HashToken.self, ReportCommand.self],
        defaultSubcommand: Serve.self
    )
}
