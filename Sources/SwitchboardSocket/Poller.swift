/// The readiness a registration asks the poller to report.
public struct PollInterest: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = PollInterest(rawValue: 1)
    public static let write = PollInterest(rawValue: 2)
}

/// One readiness notification for a registered token.
public struct PollEvent: Sendable, Hashable {
    public var token: UInt64
    public var readable: Bool
    public var writable: Bool
    /// Hang-up or error: the descriptor should be read (to see EOF or the error) and closed.
    public var hangup: Bool

    public init(token: UInt64, readable: Bool = false, writable: Bool = false, hangup: Bool = false) {
        self.token = token
        self.readable = readable
        self.writable = writable
        self.hangup = hangup
    }
}

/// The readiness source an ``EventLoop`` waits on. Linux uses epoll (``EpollPoller``); tests can
/// drive a loop with a mock. All methods except ``wake()`` are called on the loop's thread only.
public protocol Poller: AnyObject, Sendable {
    /// Starts reporting readiness of `descriptor` as events carrying `token`.
    func register(descriptor: Int32, token: UInt64, interest: PollInterest) throws(SocketError)
    /// Changes what is reported for a registered descriptor.
    func modify(descriptor: Int32, token: UInt64, interest: PollInterest) throws(SocketError)
    /// Stops reporting a descriptor; the descriptor may be closed afterwards.
    func deregister(descriptor: Int32) throws(SocketError)
    /// Blocks until at least one event, a ``wake()``, or the timeout (`-1` waits forever).
    /// Interruption by a signal (`EINTR`) returns no events.
    func wait(into events: UnsafeMutableBufferPointer<PollEvent>, timeoutMilliseconds: Int32) throws(SocketError) -> Int
    /// Makes a blocked or the next ``wait(into:timeoutMilliseconds:)`` return; callable from any thread.
    func wake()
    /// Releases the poller's descriptors.
    func close()
}
