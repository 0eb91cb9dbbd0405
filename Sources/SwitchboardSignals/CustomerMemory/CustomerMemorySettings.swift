/// How much `CustomerMemory` remembers.
public struct CustomerMemorySettings: Sendable, Hashable {
    /// W: a contact that arrived at `t` is in the window at `now` iff `now − t < windowMs`.
    public var windowMs: Int64
    /// Hard cap on the customers held; beyond it the customer seen least recently is forgotten.
    public var maxCustomers: Int
    /// Contacts kept per customer; beyond it the oldest is dropped.
    public var maxContactsPerCustomer: Int

    /// - Parameters:
    ///   - windowMs: W in milliseconds (24 hours by default); at least 1.
    ///   - maxCustomers: the customers held at most (a million by default); at least 1.
    ///   - maxContactsPerCustomer: the contacts kept per customer (50 by default); at least 1.
    public init(windowMs: Int64 = 24 * 3_600_000, maxCustomers: Int = 1_000_000, maxContactsPerCustomer: Int = 50) {
        self.windowMs = max(1, windowMs)
        self.maxCustomers = max(1, maxCustomers)
        self.maxContactsPerCustomer = max(1, maxContactsPerCustomer)
    }
}
