/// Elements kept in an array and addressed by index, whose released indices are handed out again
/// before the array grows: ids stay small `Int32`s and the array stays at the most ever held.
enum SlotAllocation {
    /// Stores `element` in a released slot if there is one, else at the end; returns its index.
    static func allocate<Element>(_ element: Element, in elements: inout [Element], reusing free: inout [Int32]) -> Int32 {
        if let slot = free.popLast() {
            elements[Int(slot)] = element
            return slot
        }
        elements.append(element)
        return Int32(elements.count - 1)
    }
}
