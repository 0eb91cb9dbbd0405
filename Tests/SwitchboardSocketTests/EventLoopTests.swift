import Logging
import Synchronization
import Testing
@testable import SwitchboardSocket

/// An actor pinned to a loop, to check where its code runs.
actor PinnedCounter {
    nonisolated let loop: EventLoop
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
    private(set) var value = 0
    private(set) var alwaysOnLoop = true

    init(loop: EventLoop) { self.loop = loop }

    func increment() {
        alwaysOnLoop = alwaysOnLoop && loop.inEventLoop
        value += 1
    }
}

@Suite struct EventLoopTests {
    @Test func actorPinnedToALoopRunsItsJobsOnTheLoopThread() async throws {
        let group = try EventLoopGroup(threads: 2, logger: testLogger())
        let counter = PinnedCounter(loop: group.loops[1])
        await withTaskGroup(of: Void.self) { tasks in
            for _ in 0..<100 {
                tasks.addTask { await counter.increment() }
            }
        }
        #expect(await counter.value == 100)
        #expect(await counter.alwaysOnLoop)
        #expect(!group.loops[1].inEventLoop)
        await group.shutdown()
    }

    @Test func executeRunsWorkOnTheLoopThreadInOrder() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let loop = group.loops[0]
        let order = Mutex<[Int]>([])
        let onLoop = Mutex<Bool>(true)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            for index in 0..<50 {
                loop.execute {
                    order.withLock { $0.append(index) }
                    let inLoop = loop.inEventLoop
                    onLoop.withLock { $0 = $0 && inLoop }
                    if index == 49 { continuation.resume() }
                }
            }
        }
        #expect(order.withLock { $0 } == Array(0..<50))
        #expect(onLoop.withLock { $0 })
        await group.shutdown()
    }

    @Test func timersFireInDeadlineOrderAndCancelledTimersNever() async throws {
        let group = try EventLoopGroup(threads: 1, logger: testLogger())
        let loop = group.loops[0]
        let fired = Mutex<[Int]>([])
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            loop.execute {
                loop.scheduleTimer(after: .milliseconds(30)) { fired.withLock { $0.append(3) } }
                loop.scheduleTimer(after: .milliseconds(10)) { fired.withLock { $0.append(1) } }
                let cancelled = loop.scheduleTimer(after: .milliseconds(20)) { fired.withLock { $0.append(2) } }
                loop.cancelTimer(cancelled)
                loop.scheduleTimer(after: .milliseconds(60)) { continuation.resume() }
            }
        }
        #expect(fired.withLock { $0 } == [1, 3])
        await group.shutdown()
    }

    @Test func timerHeapPopsEntriesInDeadlineOrder() {
        var heap = TimerHeap()
        let deadlines: [UInt64] = [50, 10, 40, 10, 99, 0, 7, 63, 21]
        for (id, deadline) in deadlines.enumerated() {
            heap.insert(.init(deadline: deadline, id: UInt64(id)))
        }
        var popped: [UInt64] = []
        while let entry = heap.popMin() { popped.append(entry.deadline) }
        #expect(popped == deadlines.sorted())
    }

    @Test func loopWithMockPollerWakesWhenWorkIsSubmitted() async throws {
        let poller = MockPoller()
        let loop = try EventLoop(poller: poller, logger: testLogger())
        loop.start()
        let ran = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            loop.execute { continuation.resume(returning: loop.inEventLoop) }
        }
        #expect(ran)
        #expect(poller.wakeCount >= 1)
        await loop.shutdown()
        #expect(poller.isClosed)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A poller with no descriptors: `wait` blocks until `wake()` and reports no events.
final class MockPoller: Poller, @unchecked Sendable {
    private let state = Mutex<(wakes: Int, pendingWake: Bool, closed: Bool)>((0, false, false))
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() {
        pthread_cond_init(condition, nil)
        pthread_mutex_init(mutex, nil)
    }

    var wakeCount: Int { state.withLock { $0.wakes } }
    var isClosed: Bool { state.withLock { $0.closed } }

    func register(descriptor: Int32, token: UInt64, interest: PollInterest) throws(SocketError) {}
    func modify(descriptor: Int32, token: UInt64, interest: PollInterest) throws(SocketError) {}
    func deregister(descriptor: Int32) throws(SocketError) {}

    func wait(into events: UnsafeMutableBufferPointer<PollEvent>, timeoutMilliseconds: Int32) throws(SocketError) -> Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if timeoutMilliseconds == 0 { return 0 }
        while !state.withLock({ $0.pendingWake }) {
            pthread_cond_wait(condition, mutex)
        }
        state.withLock { $0.pendingWake = false }
        return 0
    }

    func wake() {
        pthread_mutex_lock(mutex)
        state.withLock {
            $0.wakes += 1
            $0.pendingWake = true
        }
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    func close() { state.withLock { $0.closed = true } }
}
