import ArgumentParser
import SwitchboardBench

/// Prints the server configuration a scenario needs, for running the server by hand with `--url`.
struct WriteConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write-config",
        abstract: "Print the server configuration (agents, queues, hashed tokens) a scenario expects."
    )

    @Option(help: "Scenario file (YAML).")
    var scenario: String

    @Option(help: "Port written into server.listen.port.")
    var port = 8080

    func run() throws {
        do {
            print(ServerConfigWriter.yaml(for: try ScenarioParser.load(contentsOf: scenario), port: port), terminator: "")
        } catch {
            printError("switchboard-bench: \(scenario): \(error)")
            throw ExitCode(2)
        }
    }
}
