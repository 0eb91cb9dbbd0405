import ArgumentParser
import Logging
import SwitchboardTransport
#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket echo server built from the transport alone (conformance and peer benchmarks).
/// Upgrades on any path, echoes text and binary messages unchanged, prints
/// `listening on HOST:PORT` to stderr once bound, and on SIGTERM/SIGINT closes every connection
/// with 1001 and exits 0.
@main
struct Echo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-echo",
        abstract: "WebSocket echo server built from Switchboard's transport alone."
    )

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind (0 picks a free one).")
    var port = 9001

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain; serve wss:// with --tls-key.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("max-message-bytes"), help: "Largest message accepted (larger ones close with 1009).")
    var maxMessageBytes = 16_777_216

    @Option(help: "Event-loop threads (default: one per core).")
    var threads: Int?

    @Option(name: .customLong("idle-timeout-seconds"), help: "Close a connection silent this long (default: never).")
    var idleTimeoutSeconds: Double?

    @Option(name: .customLong("ping-interval-seconds"), help: "Ping a connection silent this long (default: never).")
    var pingIntervalSeconds: Double?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is outside 0...65535") }
        guard maxMessageBytes > 0 else { throw ValidationError("--max-message-bytes must be positive, got \(maxMessageBytes)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() async throws {
        // Trap the signals before announcing the port: a script may signal right after the line.
        let termination = SignalTrap()
        var logger = Logger(label: "switchboard-echo")
        logger.logLevel = .warning
        var tls: TLSContext?
        if let tlsCert, let tlsKey {
            tls = try TLSContext.server(certificatePath: tlsCert, privateKeyPath: tlsKey)
        }
        let webSocket = WebSocketStateMachine.Configuration(
            maxMessageSize: maxMessageBytes,
            pingInterval: pingIntervalSeconds.map { .milliseconds(Int($0 * 1000)) },
            idleTimeout: idleTimeoutSeconds.map { .milliseconds(Int($0 * 1000)) }
        )
        var configuration = HTTPServerConfiguration(host: host, port: port, threads: threads, webSocketPath: nil, tls: tls,
                                                    webSocket: webSocket)
        // No login here to earn a larger budget: echoes of the largest messages must fit from the start.
        configuration.webSocketInitialOutputBudget = configuration.connection.highWaterMark
        let server = try await HTTPServer.start(configuration: configuration, logger: logger) { _ in EchoHandler() }
        // One unbuffered write(2) to stderr: scripts wait for this exact line.
        let line = Array("listening on \(server.host):\(server.port)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        await termination.wait()
        // Keep the trap alive through shutdown: a second signal meanwhile must not kill the process.
        await server.shutdown(code: .goingAway)
        withExtendedLifetime(termination) {}
    }
}

/// Echoes every message back unchanged.
final class EchoHandler: WebSocketHandler {
    func webSocket(_ connection: isolated WebSocketConnection, didReceive message: WebSocketMessage) {
        connection.send(message)
    }
}

@available(*, unavailable)
extension EchoHandler: Sendable {}
