/// A binary min-heap of timer deadlines. Cancellation is lazy: the loop drops entries whose
/// callback is gone when they reach the top.
struct TimerHeap {
    struct Entry {
        var deadline: UInt64
        var id: UInt64
    }

    private var storage: [Entry] = []

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }
    /// The earliest entry. - Complexity: O(1)
    var min: Entry? { storage.first }

    /// - Complexity: O(log n)
    mutating func insert(_ entry: Entry) {
        storage.append(entry)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard storage[child].deadline < storage[parent].deadline else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry. - Complexity: O(log n)
    mutating func popMin() -> Entry? {
        guard !storage.isEmpty else { return nil }
        storage.swapAt(0, storage.count - 1)
        let top = storage.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < storage.count && storage[left].deadline < storage[smallest].deadline { smallest = left }
            if right < storage.count && storage[right].deadline < storage[smallest].deadline { smallest = right }
            guard smallest != parent else { break }
            storage.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }

    mutating func removeAll() { storage.removeAll() }
}
