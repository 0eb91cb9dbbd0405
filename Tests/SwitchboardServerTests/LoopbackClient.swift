import Synchronization
import SwitchboardMessages
import SwitchboardTesting
@testable import SwitchboardServer

/// An in-process client: a session whose link delivers straight into an async stream.
final class LoopbackClient: WireClient {
    final class Link: ClientLink {
        let id: UInt64
        let continuation: AsyncStream<String>.Continuation
        let closeCode = Mutex<UInt16?>(nil)
        let session = Mutex<Session?>(nil)
        private static let counter = Atomic<UInt64>(1_000_000)

        init(continuation: AsyncStream<String>.Continuation) {
            id = Self.counter.add(1, ordering: .relaxed).newValue
            self.continuation = continuation
        }

        func send(_ message: ServerMessage) {
            continuation.yield(MessageEncoder.encodeString(message))
        }

        func close(code: UInt16, reason: String) {
            let first = closeCode.withLock { current -> Bool in
                defer { if current == nil { current = code } }
                return current == nil
            }
            guard first else { return }
            continuation.finish()
            session.withLock { $0 }?.connectionClosed()
        }
    }

    /// The stream's iterator; `@unchecked` because each client has a single reader.
    final class Reader: @unchecked Sendable {
        var iterator: AsyncStream<String>.Iterator
        init(_ stream: AsyncStream<String>) { iterator = stream.makeAsyncIterator() }
    }

    let link: Link
    let session: Session
    private let reader: Reader

    init(context: SessionContext) {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let link = Link(continuation: continuation)
        let session = Session(link: link, context: context)
        link.session.withLock { $0 = session }
        self.link = link
        self.session = session
        reader = Reader(stream)
    }

    func send(_ text: String) async throws {
        session.receive(text: text)
    }

    func receive() async throws -> String? {
        await reader.iterator.next()
    }

    func close() async {
        link.close(code: 1000, reason: "client closed")
    }
}
