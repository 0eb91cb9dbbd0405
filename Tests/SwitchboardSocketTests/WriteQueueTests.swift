import Testing
@testable import SwitchboardSocket
#if canImport(Glibc)
import Glibc
#endif

@Suite struct WriteQueueTests {
    @Test func partialConsumeKeepsTheUnwrittenRestInOrder() {
        var queue = WriteQueue()
        queue.append([1, 2, 3])
        queue.append([4, 5])
        queue.append([6])
        queue.consume(4)
        #expect(queue.pendingBytes == 2)
        let first = queue.withFirstChunk { Array($0) }
        #expect(first == [5])
        queue.consume(1)
        #expect(queue.withFirstChunk { Array($0) } == [6])
        queue.consume(1)
        #expect(queue.isEmpty)
    }

    @Test func iovecsCoverEveryChunkFromThePartialHead() {
        var queue = WriteQueue()
        queue.append([1, 2, 3])
        queue.append([4, 5])
        queue.consume(1)
        let iovecs = UnsafeMutablePointer<iovec>.allocate(capacity: WriteQueue.maxBatch)
        defer { iovecs.deallocate() }
        let (count, bytes) = queue.withIOVecs(iovecs) { count, total -> (Int, [UInt8]) in
            var bytes: [UInt8] = []
            for index in 0..<count {
                let vector = iovecs[index]
                bytes += UnsafeRawBufferPointer(start: vector.iov_base, count: vector.iov_len)
            }
            #expect(total == bytes.count)
            return (count, bytes)
        }
        #expect(count == 2)
        #expect(bytes == [2, 3, 4, 5])
    }

    @Test func batchesAreCappedAtTheIovecLimit() {
        var queue = WriteQueue()
        for index in 0..<(WriteQueue.maxBatch + 10) { queue.append([UInt8(truncatingIfNeeded: index)]) }
        let iovecs = UnsafeMutablePointer<iovec>.allocate(capacity: WriteQueue.maxBatch)
        defer { iovecs.deallocate() }
        let count = queue.withIOVecs(iovecs) { count, _ in count }
        #expect(count == WriteQueue.maxBatch)
        #expect(queue.pendingBytes == WriteQueue.maxBatch + 10)
    }
}

@Suite struct SocketErrorTests {
    @Test func systemErrorNamesTheOperationAndTheSystemMessage() {
        let error = SocketError.makeFailed("epoll_ctl EPOLL_CTL_ADD", errno: EBADF)
        #expect(error.kind == .system)
        #expect(error.errno == EBADF)
        #expect(error.description.contains("epoll_ctl EPOLL_CTL_ADD"))
        #expect(error.description.contains("Bad file descriptor"))
    }
}
