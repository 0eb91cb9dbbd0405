import Synchronization
import SwitchboardMessages
import SwitchboardSocket
import SwitchboardWebSocket
import SwitchboardTesting
@testable import SwitchboardServer

/// An in-process client: a session whose link delivers straight into an async stream.
final class LoopbackClient: WireClient {
    final class Link: ClientLink {
        let id: UInt64
        let continuation: AsyncStream<String>.Continuation
        let closeCode = Mutex<UInt16?>(nil)
        let connection = Mutex<DrivenConnection?>(nil)
        private static let counter = Atomic<UInt64>(1_000_000)

        init(continuation: AsyncStream<String>.Continuation) {
            id = Self.counter.add(1, ordering: .relaxed).newValue
            self.continuation = continuation
        }

        func send(_ message: ServerMessage) {
            continuation.yield(MessageEncoder.encodeString(message))
        }

        func close(code: WebSocketCloseCode, reason: String) {
            let first = closeCode.withLock { current -> Bool in
                defer { if current == nil { current = code.rawValue } }
                return current == nil
            }
            guard first else { return }
            continuation.finish()
            connection.withLock { $0 }?.connectionClosed()
        }
    }

    /// The stream's iterator; `@unchecked` because each client has a single reader.
    final class Reader: @unchecked Sendable {
        var iterator: AsyncStream<String>.Iterator
        init(_ stream: AsyncStream<String>) { iterator = stream.makeAsyncIterator() }
    }

    let link: Link
    let connection: DrivenConnection
    private let reader: Reader

    /// A client whose connection runs on `loop` (one loop serves many clients, as in the transport).
    init(context: ConnectionContext, loop: EventLoop) async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let link = Link(continuation: continuation)
        let connection = try await DrivenConnection(link: link, context: context, loop: loop)
        link.connection.withLock { $0 = connection }
        self.link = link
        self.connection = connection
        reader = Reader(stream)
    }

    func send(_ text: String) async throws {
        connection.receive(text: text)
    }

    func receive() async throws -> String? {
        await reader.iterator.next()
    }

    func close() async {
        link.close(code: .normalClosure, reason: "client closed")
    }
}
