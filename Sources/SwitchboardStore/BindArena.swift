/// Memory for the text bound to one statement, reused from one execution to the next.
///
/// SQLite reads bound text during the step; copying it here lets the statement bind it with
/// `SQLITE_STATIC` instead of having SQLite allocate and free a copy of every value.
final class BindArena {
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    private var used = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// Copies `bytes` and returns where, or `nil` when they do not fit in what is left.
    /// The copy stays valid until ``reset()``.
    func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar>? {
        let count = bytes.count
        guard count <= capacity - used else { return nil }
        let destination = base + used
        if let source = bytes.baseAddress, count > 0 {
            destination.copyMemory(from: source, byteCount: count)
        }
        used += count
        return UnsafePointer(destination.assumingMemoryBound(to: CChar.self))
    }

    /// Makes every byte available again: call only once the statement no longer reads its bindings.
    func reset() { used = 0 }
}
