import DequeModule
internal import CSwitchboardLinux
#if canImport(Glibc)
import Glibc
#endif

/// The bytes a connection still has to write: whole chunks in order, the first one possibly
/// partly written. Flushed with `writev` in batches.
struct WriteQueue {
    private var chunks = Deque<[UInt8]>()
    /// Bytes of the first chunk already written.
    private var headOffset = 0
    /// Bytes queued and not yet written.
    private(set) var pendingBytes = 0

    static let maxBatch = 64

    var isEmpty: Bool { pendingBytes == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        pendingBytes += bytes.count
    }

    /// Marks `count` bytes from the front as written.
    mutating func consume(_ count: Int) {
        var remaining = count
        pendingBytes -= count
        while remaining > 0, let first = chunks.first {
            let left = first.count - headOffset
            if remaining >= left {
                remaining -= left
                chunks.removeFirst()
                headOffset = 0
            } else {
                headOffset += remaining
                remaining = 0
            }
        }
    }

    mutating func removeAll() {
        chunks.removeAll()
        headOffset = 0
        pendingBytes = 0
    }

    /// Calls `body` with the front chunk's unwritten bytes (the TLS path writes one record at a time).
    func withFirstChunk<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard let first = chunks.first else { return nil }
        return first.withUnsafeBytes { raw in
            body(UnsafeRawBufferPointer(rebasing: raw[headOffset...]))
        }
    }

    /// Fills `iovecs` with up to ``maxBatch`` chunks and calls `body(count, totalBytes)` while their
    /// storage is pinned.
    func withIOVecs<R>(_ iovecs: UnsafeMutablePointer<iovec>, _ body: (Int, Int) -> R) -> R {
        let count = Swift.min(chunks.count, Self.maxBatch)
        return pin(index: 0, count: count, total: 0, iovecs, body)
    }

    // Nested closures keep every chunk's buffer pinned until the system call returns.
    private func pin<R>(index: Int, count: Int, total: Int, _ iovecs: UnsafeMutablePointer<iovec>, _ body: (Int, Int) -> R) -> R {
        guard index < count else { return body(count, total) }
        let offset = index == 0 ? headOffset : 0
        return chunks[index].withUnsafeBytes { raw in
            let base = raw.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) + offset }
            iovecs[index] = iovec(iov_base: base, iov_len: raw.count - offset)
            return pin(index: index + 1, count: count, total: total + raw.count - offset, iovecs, body)
        }
    }
}
