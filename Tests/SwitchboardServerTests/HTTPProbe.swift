import Synchronization
import SwitchboardSocket

/// A one-shot plain HTTP/1.1 GET over a real socket; returns the raw response text.
enum HTTPProbe {
    actor Reader: ConnectionHandler {
        let connection: Connection
        nonisolated let loop: EventLoop
        nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
        var received: [UInt8] = []
        var waiter: CheckedContinuation<String, Never>?
        var done = false

        init(connection: Connection, request: [UInt8]) {
            self.connection = connection
            loop = connection.loop
            connection.write(request)
        }

        func connectionDidRead(_ bytes: UnsafeRawBufferPointer) { received += bytes }

        func connectionDidClose(error: SocketError?) {
            done = true
            waiter?.resume(returning: String(decoding: received, as: UTF8.self))
            waiter = nil
        }

        func response() async -> String {
            if done { return String(decoding: received, as: UTF8.self) }
            return await withCheckedContinuation { waiter = $0 }
        }
    }

    static func get(_ path: String, port: Int, loop: EventLoop) async throws -> String {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        let reader = try await Connection.connect(host: "127.0.0.1", port: port, on: loop, logger: quietLogger) {
            Reader(connection: $0, request: request)
        }
        return await reader.response()
    }
}
