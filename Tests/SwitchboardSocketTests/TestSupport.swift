import Foundation
import Logging
import Synchronization
import Testing
@testable import SwitchboardSocket
import SwitchboardTesting

/// A logger for tests: warnings and above to stderr.
func testLogger(_ label: String = "test") -> Logger {
    var logger = Logger(label: "sb.\(label)")
    logger.logLevel = ProcessInfo.processInfo.environment["SB_TEST_LOG"] != nil ? .trace : .critical
    return logger
}

/// Echoes every byte it reads back to the peer.
actor EchoHandler: ConnectionHandler {
    let connection: Connection
    nonisolated let loop: EventLoop
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    init(_ connection: Connection) {
        self.connection = connection
        loop = connection.loop
    }

    func connectionDidRead(_ bytes: UnsafeRawBufferPointer) {
        connection.write(Array(bytes))
    }

    func connectionDidClose(error: SocketError?) {}
}

/// Records what it reads and how it closed; tests wait on it with a loop timer as a deadline.
actor Collector: ConnectionHandler {
    let connection: Connection
    /// The connection, for the test's own tasks.
    nonisolated let handle: ConnectionHandle
    nonisolated var unownedExecutor: UnownedSerialExecutor { handle.loop.asUnownedSerialExecutor() }

    private(set) var received: [UInt8] = []
    private(set) var isClosed = false
    private(set) var closeError: SocketError?
    private(set) var ranOnLoopThread = true
    private var byteWaiters: [(id: Int, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var closeWaiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var nextWaiterID = 0
    /// Called with each read, to let a test script the server side.
    private let onRead: (@Sendable (isolated Collector, [UInt8]) -> Void)?

    init(_ connection: Connection, onRead: (@Sendable (isolated Collector, [UInt8]) -> Void)? = nil) {
        self.connection = connection
        handle = connection.handle
        self.onRead = onRead
    }

    func connectionDidRead(_ bytes: UnsafeRawBufferPointer) {
        ranOnLoopThread = ranOnLoopThread && connection.loop.inEventLoop
        received.append(contentsOf: bytes)
        onRead?(self, Array(bytes))
        let ready = byteWaiters.filter { received.count >= $0.count }
        byteWaiters.removeAll { received.count >= $0.count }
        for waiter in ready { waiter.continuation.resume() }
    }

    func connectionDidClose(error: SocketError?) {
        isClosed = true
        closeError = error
        for waiter in byteWaiters { waiter.continuation.resume() }
        byteWaiters.removeAll()
        for waiter in closeWaiters { waiter.continuation.resume() }
        closeWaiters.removeAll()
    }

    func write(_ bytes: [UInt8]) { connection.write(bytes) }

    /// Waits until `count` bytes arrived, the connection closed, or `timeout` passed; returns what arrived.
    func waitForBytes(_ count: Int, timeout: Duration = .seconds(10)) async -> [UInt8] {
        if received.count < count && !isClosed {
            let id = makeWaiterID()
            await withCheckedContinuation { continuation in
                byteWaiters.append((id, count, continuation))
                armDeadline(timeout, waiter: id)
            }
        }
        return received
    }

    /// Waits until the connection closed or `timeout` passed; returns whether it closed.
    func waitForClose(timeout: Duration = .seconds(10)) async -> Bool {
        if !isClosed {
            let id = makeWaiterID()
            await withCheckedContinuation { continuation in
                closeWaiters.append((id, continuation))
                armDeadline(timeout, waiter: id)
            }
        }
        return isClosed
    }

    private func makeWaiterID() -> Int {
        nextWaiterID += 1
        return nextWaiterID
    }

    /// Each wait has its own deadline, which ends that wait only: an earlier wait's deadline must
    /// not cut a later wait short.
    private func armDeadline(_ timeout: Duration, waiter id: Int) {
        connection.loop.scheduleTimer(after: timeout) { [weak self] in
            self?.assumeIsolated { $0.expire(waiter: id) }
        }
    }

    private func expire(waiter id: Int) {
        if let index = byteWaiters.firstIndex(where: { $0.id == id }) {
            byteWaiters.remove(at: index).continuation.resume()
        }
        if let index = closeWaiters.firstIndex(where: { $0.id == id }) {
            closeWaiters.remove(at: index).continuation.resume()
        }
    }
}

/// Collects the handlers a listener creates.
final class HandlerRegistry<Handler: ConnectionHandler>: Sendable {
    private let handlers = Mutex<[Handler]>([])

    func add(_ handler: Handler) -> Handler {
        handlers.withLock { $0.append(handler) }
        return handler
    }

    var all: [Handler] { handlers.withLock { $0 } }

    /// Waits (polling) until `count` handlers exist.
    func waitForCount(_ count: Int, timeout: Duration = .seconds(10)) async -> [Handler] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while all.count < count && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return all
    }
}

/// A deterministic byte pattern of `count` bytes.
func pattern(_ count: Int, seed: Int = 7) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &+ $0 >> 8) }
}


/// A logger whose lines (level and message) are kept for the test to read.
final class LogRecorder: Sendable {
    private let lines = Mutex<[(level: Logger.Level, message: String)]>([])

    var logger: Logger {
        Logger(label: "sb.test.recorded") { _ in RecordingHandler(recorder: self) }
    }

    var all: [(level: Logger.Level, message: String)] { lines.withLock { $0 } }

    func messages(at level: Logger.Level) -> [String] { all.filter { $0.level == level }.map(\.message) }

    /// Waits (polling) until `message` was logged at `level`; returns whether it was.
    func waitFor(_ message: String, at level: Logger.Level, timeout: Duration = .seconds(10)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while !messages(at: level).contains(message) && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return messages(at: level).contains(message)
    }

    fileprivate func append(_ level: Logger.Level, _ message: String) {
        lines.withLock { $0.append((level, message)) }
    }

    private struct RecordingHandler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append(event.level, "\(event.message)")
        }
    }
}
