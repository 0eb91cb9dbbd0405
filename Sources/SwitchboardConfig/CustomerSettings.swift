/// What the server remembers of each customer's recent contacts, across channels (`customers:`), so it
/// can tell a repeat contact from a first one and route it accordingly.
///
/// Reloadable: a reload applies to the next contact. Memory is bounded twice over (customers held and
/// contacts per customer), so a flood of new customer ids cannot grow it without limit.
public struct CustomerSettings: Sendable, Hashable {
    /// Remember customers at all; `false` turns off the memory and with it repeat routing, the customer
    /// summary in offers and repeat alerts.
    public var memory: Bool
    /// Contacts older than this are forgotten (the window repeats are counted in).
    public var windowHours: Double
    /// Customers held at most; beyond it the one seen least recently is forgotten (its next contact
    /// counts as a first).
    public var maxCustomers: Int
    /// Contacts kept per customer; older ones still in the window are dropped beyond it.
    public var maxContactsPerCustomer: Int
    /// The interaction attribute that names what a contact is about (`attributes.topic`).
    public var topicAttribute: String
    /// When a contact is a repeat and how a repeat is routed (`customers.repeat`); queues may override
    /// any of it (``QueueDefinition/repeatPolicy(base:)``).
    public var repeatPolicy: RepeatPolicy

    public init(
        memory: Bool = true,
        windowHours: Double = 24,
        maxCustomers: Int = 1_000_000,
        maxContactsPerCustomer: Int = 50,
        topicAttribute: String = "topic",
        repeatPolicy: RepeatPolicy = RepeatPolicy()
    ) {
        self.memory = memory
        self.windowHours = windowHours
        self.maxCustomers = maxCustomers
        self.maxContactsPerCustomer = maxContactsPerCustomer
        self.topicAttribute = topicAttribute
        self.repeatPolicy = repeatPolicy
    }

    /// From 36 seconds to 30 days.
    public static let windowHoursRange: ClosedRange<Double> = 0.01...720
    public static let maxCustomersRange: ClosedRange<Int> = 1...50_000_000
    /// At least two, or no contact could ever be a repeat.
    public static let maxContactsPerCustomerRange: ClosedRange<Int> = 2...1_000
}
