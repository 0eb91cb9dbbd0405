// WebSocket echo server on FlyingFox (NIO-free): the peer `run.sh` compares the transport against.
//
//   flyingfox-echo --host 127.0.0.1 --port 0 --threads N --max-message-bytes N
//
// Prints `listening on HOST:PORT` to stderr once bound. Upgrades any path (`GET *`); echoes every
// message (text as text, binary as binary) whole. FlyingFox has one socket pool and runs handlers on
// the cooperative pool, so `--threads` and `--max-message-bytes` are accepted for a uniform command
// line and otherwise ignored.
import FlyingFox
import FlyingSocks
import Foundation

struct Options {
    var host = "127.0.0.1"
    var port: UInt16 = 0

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--host": host = value
            case "--port": port = UInt16(value) ?? port
            case "--threads", "--max-message-bytes": break
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(64)
            }
        }
    }
}

/// Sends back every message it receives, in order.
struct EchoHandler: WSMessageHandler {
    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        AsyncStream { continuation in
            let task = Task {
                for await message in client {
                    continuation.yield(message)
                }
                continuation.finish()
            }
            continuation.onTermination = { @Sendable _ in task.cancel() }
        }
    }
}

let options = Options(CommandLine.arguments)
let server = HTTPServer(
    address: try .inet(ip4: options.host, port: options.port),
    timeout: 3_600,
    logger: .disabled
)
await server.appendRoute("GET *", to: .webSocket(EchoHandler()))
let serverTask = Task { try await server.run() }
try await server.waitUntilListening()
var port = Int(options.port)
if case .ip4(_, let bound)? = await server.listeningAddress {
    port = Int(bound)
}
FileHandle.standardError.write(Data("listening on \(options.host):\(port)\n".utf8))
try await serverTask.value
