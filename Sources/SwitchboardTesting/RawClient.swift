import Foundation
import SwitchboardSocket

/// A plain blocking TCP client with a receive timeout, for driving a server byte by byte from a test
/// (raw HTTP requests, hand-made WebSocket frames, a peer that stays silent).
public final class RawClient {
    public private(set) var descriptor: Int32

    public init(port: Int, receiveBufferSize: Int32? = nil) throws {
        // Close-on-exec: a child process spawned by another test must not inherit the socket and keep it open.
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError.makeFailed("socket") }
        if var size = receiveBufferSize {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = SocketError.makeFailed("connect")
            Foundation.close(descriptor)
            throw error
        }
    }

    deinit { close() }

    /// Closes the socket now (the peer sees end of stream); idempotent.
    public func close() {
        guard descriptor >= 0 else { return }
        Foundation.close(descriptor)
        descriptor = -1
    }

    public func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    public func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads until at least `count` bytes arrived, or end of stream, an error or the timeout.
    public func read(atLeast count: Int) -> [UInt8] {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while all.count < count {
            let got = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if got <= 0 { break }
            all += buffer[0..<got]
        }
        return all
    }

    /// Reads until end of stream, an error or the timeout; `closed` tells whether the peer closed
    /// (end of stream or reset) rather than the read timing out.
    public func readToEnd() -> (bytes: [UInt8], closed: Bool) {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                all.append(contentsOf: buffer[0..<count])
            } else if count == 0 {
                return (all, true)
            } else {
                return (all, errno == ECONNRESET)
            }
        }
    }
}
