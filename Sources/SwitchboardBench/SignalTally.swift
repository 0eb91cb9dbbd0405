/// The floor's count of what the customer-memory and alert scenarios exercise: customers and topics of
/// the arrivals, repeat offers, and the alerts a supervisor saw.
struct SignalTally {
    var customers = CustomerCounts()
    var topicArrivals: [String: Int] = [:]
    var spikeArrivals = 0
    var alerts = AlertLog()
    private var seenCustomers: Set<String> = []
    /// The agent who last took an interaction of each customer.
    private var lastAgent: [String: String] = [:]

    mutating func arrived(_ contact: Contact) {
        if let topic = contact.topic { topicArrivals[topic, default: 0] += 1 }
        if contact.isSpike { spikeArrivals += 1 }
        if let customer = contact.customerId {
            if seenCustomers.insert(customer).inserted { customers.customers += 1 }
            if contact.isRepeat { customers.repeatArrivals += 1 }
        }
    }

    /// `agent` took an interaction of `customer` (its accept was confirmed).
    mutating func handled(customer: String, by agent: String) {
        lastAgent[customer] = agent
    }

    /// An offer to `agent` carried a customer (`isRepeat`: the server's `customer.repeat`); `customer` is
    /// the scenario's customer of the interaction, when it has one.
    mutating func offered(customer: String?, isRepeat: Bool, to agent: String) {
        customers.offersWithCustomer += 1
        guard isRepeat else { return }
        customers.repeatOffers += 1
        if let customer, lastAgent[customer] == agent { customers.repeatOffersToLastAgent += 1 }
    }
}
