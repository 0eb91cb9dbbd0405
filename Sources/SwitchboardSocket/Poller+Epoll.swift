internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// ``Poller`` on Linux epoll (level-triggered), woken through an eventfd.
public final class EpollPoller: Poller, @unchecked Sendable {
    // Immutable after init; `wake()` only writes to the eventfd, which is thread-safe.
    private let epollDescriptor: Int32
    private let wakeDescriptor: Int32
    private let rawEvents: UnsafeMutablePointer<sb_poll_event>
    private let capacity: Int
    private static let wakeToken = UInt64.max

    /// Creates an epoll instance and its wake-up eventfd.
    public init(capacity: Int = 256) throws(SocketError) {
        let epfd = sb_epoll_create()
        guard epfd >= 0 else { throw .makeFailed("epoll_create1") }
        let efd = sb_eventfd()
        guard efd >= 0 else {
            let error = SocketError.makeFailed("eventfd")
            Glibc.close(epfd)
            throw error
        }
        guard sb_epoll_ctl(epfd, SB_EPOLL_CTL_ADD, efd, SB_EPOLLIN, Self.wakeToken) == 0 else {
            let error = SocketError.makeFailed("epoll_ctl EPOLL_CTL_ADD eventfd")
            Glibc.close(epfd)
            Glibc.close(efd)
            throw error
        }
        self.epollDescriptor = epfd
        self.wakeDescriptor = efd
        self.capacity = min(capacity, 256)
        self.rawEvents = .allocate(capacity: self.capacity)
    }

    deinit {
        rawEvents.deallocate()
        // Closed only here: a late `wake()` from another thread must never write into a descriptor
        // number that has been reused by a socket.
        Glibc.close(wakeDescriptor)
    }

    private static func mask(_ interest: PollInterest) -> UInt32 {
        var mask = SB_EPOLLRDHUP
        if interest.contains(.read) { mask |= SB_EPOLLIN }
        if interest.contains(.write) { mask |= SB_EPOLLOUT }
        return mask
    }

    public func register(descriptor: Int32, token: UInt64, interest: PollInterest) throws(SocketError) {
        guard sb_epoll_ctl(epollDescriptor, SB_EPOLL_CTL_ADD, descriptor, Self.mask(interest), token) == 0 else {
            throw .makeFailed("epoll_ctl EPOLL_CTL_ADD")
        }
    }

    public func modify(descriptor: Int32, token: UInt64, interest: PollInterest) throws(SocketError) {
        guard sb_epoll_ctl(epollDescriptor, SB_EPOLL_CTL_MOD, descriptor, Self.mask(interest), token) == 0 else {
            throw .makeFailed("epoll_ctl EPOLL_CTL_MOD")
        }
    }

    public func deregister(descriptor: Int32) throws(SocketError) {
        guard sb_epoll_ctl(epollDescriptor, SB_EPOLL_CTL_DEL, descriptor, 0, 0) == 0 else {
            throw .makeFailed("epoll_ctl EPOLL_CTL_DEL")
        }
    }

    public func wait(into events: UnsafeMutableBufferPointer<PollEvent>, timeoutMilliseconds: Int32) throws(SocketError) -> Int {
        let count = sb_epoll_wait(epollDescriptor, rawEvents, Int32(min(capacity, events.count)), timeoutMilliseconds)
        guard count >= 0 else { throw .makeFailed("epoll_wait") }
        var produced = 0
        for index in 0..<Int(count) {
            let raw = rawEvents[index]
            if raw.data == Self.wakeToken {
                sb_eventfd_drain(wakeDescriptor)
                continue
            }
            let hangup = raw.events & (SB_EPOLLHUP | SB_EPOLLERR | SB_EPOLLRDHUP) != 0
            events[produced] = PollEvent(
                token: raw.data,
                readable: raw.events & SB_EPOLLIN != 0,
                writable: raw.events & SB_EPOLLOUT != 0,
                hangup: hangup
            )
            produced += 1
        }
        return produced
    }

    public func wake() { sb_eventfd_signal(wakeDescriptor) }

    public func close() {
        Glibc.close(epollDescriptor)
    }
}
