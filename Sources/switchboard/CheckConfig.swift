import ArgumentParser
import Foundation
import SwitchboardConfig

/// Validates a configuration file and prints every problem with its location.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file; print every problem (exit 1) or a summary (exit 0)."
    )

    @Argument(help: "The configuration file to check.")
    var path: String

    func run() throws {
        do {
            let config = try ConfigLoader.load(contentsOf: path)
            print("\(path): OK — \(config.skills.count) skills, \(config.queues.count) queues, \(config.agents.count) agents, \(config.credentials.entries.count) tokens\(Self.providers(config)); listening on \(config.server.host):\(config.server.port)")
        } catch {
            for problem in error.problems {
                print(problem.description)
            }
            let count = error.problems.count
            FileHandle.standardError.write(Data("\(path): \(count) problem\(count == 1 ? "" : "s")\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `, 1 identity provider (2 keys)`, or nothing when none is configured.
    static func providers(_ config: SwitchboardConfiguration) -> String {
        let providers = config.identityProviders
        guard !providers.isEmpty else { return "" }
        let keys = providers.reduce(0) { $0 + $1.keys.count }
        return ", \(providers.count) identity provider\(providers.count == 1 ? "" : "s") (\(keys) key\(keys == 1 ? "" : "s"))"
    }
}
