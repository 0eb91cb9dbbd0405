// WebSocket echo server on Hummingbird (SwiftNIO): the peer `run.sh` compares the transport against.
//
//   hummingbird-echo --host 127.0.0.1 --port 0 --threads N --max-message-bytes N
//
// Prints `listening on HOST:PORT` to stderr once bound. Upgrades any path; echoes every message
// (text as text, binary as binary) whole.
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOPosix

struct Options {
    var host = "127.0.0.1"
    var port = 0
    var threads = System.coreCount
    var maxMessageBytes = 1 << 20

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--host": host = value
            case "--port": port = Int(value) ?? port
            case "--threads": threads = max(1, Int(value) ?? threads)
            case "--max-message-bytes": maxMessageBytes = max(125, Int(value) ?? maxMessageBytes)
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(64)
            }
        }
    }
}

let options = Options(CommandLine.arguments)
let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
let maxMessageBytes = options.maxMessageBytes
var logger = Logger(label: "hummingbird-echo")
logger.logLevel = .warning

let app = Application(
    router: Router(),
    server: .http1WebSocketUpgrade(
        configuration: .init(ws: .init(maxFrameSize: maxMessageBytes, autoPing: .disabled))
    ) { _, _, _ in
        .upgrade([:]) { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: maxMessageBytes) {
                switch message {
                case .text(let text): try await outbound.write(.text(text))
                case .binary(let buffer): try await outbound.write(.binary(buffer))
                }
            }
        }
    },
    configuration: .init(address: .hostname(options.host, port: options.port), backlog: 4096),
    onServerRunning: { channel in
        let port = channel.localAddress?.port ?? options.port
        FileHandle.standardError.write(Data("listening on \(options.host):\(port)\n".utf8))
    },
    eventLoopGroupProvider: .shared(group),
    logger: logger
)
try await app.runService()
