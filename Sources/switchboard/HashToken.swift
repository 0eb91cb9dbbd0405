import ArgumentParser
import SwitchboardConfig

/// Prints the stored form of a client token.
struct HashToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-token",
        abstract: "Print the sha256:<hex> form of a token, for the credentials section.",
        discussion: "Pass - to read the token from standard input (one line; the line break is not hashed), which keeps it out of the shell history."
    )

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String

    func run() throws {
        var value = token
        if token == "-" {
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("no token on standard input")
            }
            value = line
        }
        guard !value.isEmpty else { throw ValidationError("the token must not be empty") }
        print(TokenHasher.hash(value))
    }
}
