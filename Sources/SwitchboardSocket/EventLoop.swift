import DequeModule
public import Logging
import Synchronization
internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// Something registered with a loop that reacts to readiness. Confined to its loop's thread.
protocol Selectable: AnyObject {
    var descriptor: Int32 { get }
    /// Called on the loop thread for each readiness event of the registration.
    func handle(_ event: PollEvent)
    /// Called on the loop thread when the loop shuts down: close now.
    func closeForShutdown()
}

/// A handle to a timer scheduled on an ``EventLoop``; cancel it with ``EventLoop/cancelTimer(_:)``.
public struct LoopTimer: Sendable, Hashable {
    let id: UInt64
}

/// One thread running epoll: it owns the connections registered with it, runs their timers, and
/// is a `SerialExecutor`, so an actor can pin itself to the loop (`unownedExecutor`) and run on the
/// same thread as its socket's readiness callbacks, with no hop and no blocking call on Swift's
/// cooperative pool.
///
/// Members documented "loop only" must be called on the loop's thread (``inEventLoop``), e.g. from
/// an actor whose executor is this loop.
///
/// `@unchecked Sendable`: work is submitted from any thread (``execute(_:)``, ``enqueue(_:)``,
/// ``shutdown()``) through a mutex and atomics; the rest of its state is touched on its thread only.
public final class EventLoop: SerialExecutor, @unchecked Sendable {
    enum Work: Sendable {
        case job(UnownedJob)
        case closure(@Sendable () -> Void)
    }

    /// Position of this loop in its group.
    public let index: Int
    /// The name its thread runs under.
    public let threadName: String
    let logger: Logger
    let poller: any Poller

    // Shared between threads.
    private let incoming = Mutex<Deque<Work>>(Deque())
    private let wakePending = Atomic<Bool>(false)
    private let stopRequested = Atomic<Bool>(false)
    /// Set once the thread has left its loop; later work runs on the submitting thread (serially).
    private let exited = Atomic<Bool>(false)
    private let drainingAfterExit = Atomic<Bool>(false)
    private let exitState = Mutex<(exited: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    // Loop-confined state (touched only on the loop thread).
    private var batch = Deque<Work>()
    private var slots: [Slot] = []
    private var timerHeap = TimerHeap()
    private var timerCallbacks: [UInt64: () -> Void] = [:]
    private var nextTimerID: UInt64 = 0
    private var pendingFlush: [Connection] = []
    private let events: UnsafeMutableBufferPointer<PollEvent>
    /// The buffer every read on this loop goes into; handlers copy what they keep.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Scratch `iovec`s for `writev`.
    let iovecs: UnsafeMutablePointer<iovec>
    /// Registered descriptors (connections and listeners), for tests and metrics. Loop only.
    private(set) var registeredCount = 0

    private struct Slot {
        var generation: UInt32 = 0
        var object: (any Selectable)?
    }

    /// Creates a loop; call ``start()`` to run it on its own thread.
    /// - Parameters:
    ///   - index: position in the group, used in logs.
    ///   - poller: the readiness source; epoll by default.
    ///   - readBufferSize: size of the loop's shared read buffer.
    ///   - logger: receives loop-level events (poll errors, accept failures).
    ///   - name: the thread's name, as `top -H` and `/proc/PID/task/*/comm` show it (at most 15
    ///     bytes); `sb-loop-<index>` by default.
    public init(index: Int = 0, poller: (any Poller)? = nil, readBufferSize: Int = 64 * 1024, logger: Logger,
                name: String? = nil) throws(SocketError) {
        self.index = index
        threadName = String((name ?? "sb-loop-\(index)").utf8.prefix(15)) ?? "sb-loop"
        if let poller {
            self.poller = poller
        } else {
            self.poller = try EpollPoller()
        }
        var logger = logger
        logger[metadataKey: "sb.loop"] = "\(index)"
        self.logger = logger
        self.events = .allocate(capacity: 256)
        self.readBuffer = .allocate(byteCount: readBufferSize, alignment: 16)
        self.iovecs = .allocate(capacity: WriteQueue.maxBatch)
    }

    deinit {
        events.deallocate()
        readBuffer.deallocate()
        iovecs.deallocate()
    }

    /// The loop whose thread is the calling thread, if any.
    public static var current: EventLoop? {
        guard let raw = sb_current_loop() else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(raw).takeUnretainedValue()
    }

    /// True when called on this loop's thread.
    public var inEventLoop: Bool {
        sb_current_loop() == Unmanaged.passUnretained(self).toOpaque()
    }

    // MARK: Thread

    /// Starts the loop's thread.
    public func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let loop = Unmanaged<EventLoop>.fromOpaque(raw).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        if result == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<EventLoop>.fromOpaque(context).release()
            logger.critical("pthread_create failed", metadata: ["sb.errno": "\(result)"])
        }
    }

    /// Closes every registration, stops the thread and waits until it has exited.
    public func shutdown() async {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        poller.wake()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = exitState.withLock { state -> Bool in
                if state.exited { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func run() {
        sb_set_current_loop(Unmanaged.passUnretained(self).toOpaque())
        _ = sb_set_thread_name(threadName)
        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            runQueuedWork()
            flushPending()
            let count: Int
            do {
                count = try poller.wait(into: events, timeoutMilliseconds: pollTimeout())
            } catch {
                logger.error("poll failed", metadata: ["sb.error": "\(error)"])
                count = 0
            }
            wakePending.store(false, ordering: .sequentiallyConsistent)
            for index in 0..<count {
                dispatch(events[index])
            }
            flushPending()
            fireTimers()
        }
        closeEverything()
        poller.close()
        sb_set_current_loop(nil)
        exited.store(true, ordering: .sequentiallyConsistent)
        drainAfterExit()
        let waiters = exitState.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.exited = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs work submitted after the thread exited (e.g. a call to an actor pinned to this loop, made
    /// after shutdown) on the calling thread, one drainer at a time, so such calls still complete.
    private func drainAfterExit() {
        while true {
            guard drainingAfterExit.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged else {
                return
            }
            let previous = sb_current_loop()
            sb_set_current_loop(Unmanaged.passUnretained(self).toOpaque())
            runQueuedWork()
            sb_set_current_loop(previous)
            drainingAfterExit.store(false, ordering: .sequentiallyConsistent)
            if incoming.withLock({ $0.isEmpty }) { return }
        }
    }

    private func closeEverything() {
        for slot in slots {
            slot.object?.closeForShutdown()
        }
        // Close notifications and jobs they trigger run before the thread goes away.
        for _ in 0..<8 {
            runQueuedWork()
            flushPending()
            let empty = incoming.withLock { $0.isEmpty }
            if empty { break }
        }
        timerCallbacks.removeAll()
        timerHeap.removeAll()
    }

    private func pollTimeout() -> Int32 {
        let hasWork = incoming.withLock { !$0.isEmpty }
        if hasWork || !pendingFlush.isEmpty { return 0 }
        guard let next = timerHeap.min else { return -1 }
        let now = sb_monotonic_nanos()
        guard next.deadline > now else { return 0 }
        let milliseconds = (next.deadline - now + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }

    private func runQueuedWork() {
        incoming.withLock { queue in
            swap(&queue, &batch)
        }
        let executor = asUnownedSerialExecutor()
        while let work = batch.popFirst() {
            switch work {
            case .job(let job):
                job.runSynchronously(on: executor)
            case .closure(let body):
                body()
            }
        }
    }

    private func dispatch(_ event: PollEvent) {
        let descriptor = Int(truncatingIfNeeded: event.token & 0xFFFF_FFFF)
        let generation = UInt32(truncatingIfNeeded: event.token >> 32)
        guard descriptor < slots.count, slots[descriptor].generation == generation,
              let object = slots[descriptor].object else { return }
        object.handle(event)
    }

    // MARK: Work from other threads

    /// Runs `body` on the loop thread, after the work already queued. Callable from any thread.
    public func execute(_ body: @escaping @Sendable () -> Void) {
        submit(.closure(body))
    }

    private func submit(_ work: Work) {
        incoming.withLock { $0.append(work) }
        if exited.load(ordering: .sequentiallyConsistent) {
            drainAfterExit()
            return
        }
        // The loop checks its queue before it sleeps, so only other threads need to wake it.
        if !inEventLoop, !wakePending.exchange(true, ordering: .sequentiallyConsistent) {
            poller.wake()
        }
    }

    // MARK: SerialExecutor

    public func enqueue(_ job: consuming ExecutorJob) {
        submit(.job(UnownedJob(job)))
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    public func checkIsolated() {
        precondition(inEventLoop, "expected to run on event loop \(index)")
    }

    public func isIsolatingCurrentContext() -> Bool? {
        inEventLoop
    }

    // MARK: Registrations (loop only)

    func register(_ object: any Selectable, interest: PollInterest) throws(SocketError) -> UInt64 {
        let descriptor = Int(object.descriptor)
        if descriptor >= slots.count {
            slots.append(contentsOf: repeatElement(Slot(), count: max(descriptor + 1 - slots.count, slots.count)))
        }
        slots[descriptor].generation &+= 1
        let token = UInt64(slots[descriptor].generation) << 32 | UInt64(descriptor)
        try poller.register(descriptor: object.descriptor, token: token, interest: interest)
        slots[descriptor].object = object
        registeredCount += 1
        return token
    }

    func modify(_ object: any Selectable, token: UInt64, interest: PollInterest) throws(SocketError) {
        try poller.modify(descriptor: object.descriptor, token: token, interest: interest)
    }

    func deregister(_ object: any Selectable) {
        let descriptor = Int(object.descriptor)
        guard descriptor < slots.count, slots[descriptor].object === object else { return }
        slots[descriptor].object = nil
        registeredCount -= 1
        do {
            try poller.deregister(descriptor: object.descriptor)
        } catch {
            logger.debug("deregister failed", metadata: ["sb.error": "\(error)"])
        }
    }

    func scheduleFlush(_ connection: Connection) {
        pendingFlush.append(connection)
    }

    private func flushPending() {
        while !pendingFlush.isEmpty {
            let connections = pendingFlush
            pendingFlush.removeAll(keepingCapacity: true)
            for connection in connections {
                connection.flushScheduledWrites()
            }
        }
    }

    // MARK: Timers (loop only)

    /// Runs `body` on the loop after `delay`. Loop only.
    @discardableResult
    public func scheduleTimer(after delay: Duration, _ body: @escaping () -> Void) -> LoopTimer {
        let (seconds, attoseconds) = delay.components
        let nanos = max(0, seconds) * 1_000_000_000 + max(0, attoseconds / 1_000_000_000)
        nextTimerID += 1
        let id = nextTimerID
        timerCallbacks[id] = body
        timerHeap.insert(.init(deadline: sb_monotonic_nanos() &+ UInt64(nanos), id: id))
        return LoopTimer(id: id)
    }

    /// Cancels a timer that has not fired yet. Loop only.
    public func cancelTimer(_ timer: LoopTimer) {
        timerCallbacks[timer.id] = nil
    }

    /// Timers scheduled and not yet fired or cancelled. Loop only.
    var activeTimerCount: Int { timerCallbacks.count }

    private func fireTimers() {
        guard !timerHeap.isEmpty else { return }
        let now = sb_monotonic_nanos()
        while let top = timerHeap.min, top.deadline <= now {
            _ = timerHeap.popMin()
            if let body = timerCallbacks.removeValue(forKey: top.id) {
                body()
            }
        }
        // Cancelled entries are dropped lazily; compact when they dominate.
        if timerHeap.count > 1024 && timerHeap.count > 4 * timerCallbacks.count {
            var live = TimerHeap()
            while let entry = timerHeap.popMin() {
                if timerCallbacks[entry.id] != nil { live.insert(entry) }
            }
            timerHeap = live
        }
    }
}
