import ArgumentParser
import Foundation
import SwitchboardConfig

/// Runs the server. For now it resolves and prints the effective settings; the network is wired later.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server (the default when no subcommand is given).",
        discussion: """
            The configuration comes from --config, else $SWITCHBOARD_CONFIG, else Config/switchboard.yaml when it \
            exists, else the built-in demo configuration. --host/--port/--db (or $SWITCHBOARD_HOST, \
            $SWITCHBOARD_PORT, $SWITCHBOARD_DB) override the file's listen address and database path.
            """
    )

    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String?

    @Option(name: .long, help: "Address to listen on (overrides server.listen.host).")
    var host: String?

    @Option(name: .long, help: "Port to listen on, 1–65535 (overrides server.listen.port).")
    var port: String?

    @Option(name: .long, help: "SQLite database file (overrides store.path).")
    var db: String?

    func run() async throws {
        let flags = EffectiveSettings.Flags(configPath: config, host: host, port: port, databasePath: db)
        let settings: EffectiveSettings
        do {
            settings = try EffectiveSettings.resolve(
                flags: flags,
                environment: ProcessInfo.processInfo.environment,
                fileExists: { FileManager.default.fileExists(atPath: $0) }
            )
        } catch {
            FileHandle.standardError.write(Data("switchboard: configuration refused\n\(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let config = settings.configuration
        print("""
            switchboard \(Switchboard.version)
              configuration: \(settings.configSource)
              listen:        \(settings.host.contains(":") ? "[\(settings.host)]" : settings.host):\(settings.port) (host from \(settings.hostOrigin), port from \(settings.portOrigin))\(config.server.tls == nil ? "" : ", TLS")
              database:      \(settings.databasePath) (from \(settings.databaseOrigin))
              loaded:        \(config.skills.count) skills, \(config.queues.count) queues, \(config.agents.count) agents, \(config.credentials.entries.count) tokens
              queues:        \(config.queues.map(\.name).joined(separator: ", "))
            the server is not wired up yet; see README.md
            """)
    }
}
