import ArgumentParser
import Foundation
import Logging
import SwitchboardBench
import SwitchboardTransport

/// `switchboard-bench`: drives a Switchboard server like a contact-center floor.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-bench",
        abstract: "Load tool for Switchboard: runs a contact-center scenario against a server and checks it.",
        subcommands: [RunScenario.self, SweepCommand.self, EchoCommand.self, WriteConfig.self],
        defaultSubcommand: RunScenario.self
    )
}

/// Writes to stderr without buffering (progress lines, errors).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func makeLogger() -> Logger {
    var logger = Logger(label: "switchboard-bench")
    logger.logLevel = .error
    return logger
}
