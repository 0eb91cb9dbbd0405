/// The floor's count of what the customer-memory, alert and wellbeing scenarios exercise: customers and
/// topics of the arrivals, repeat offers, the alerts a supervisor saw, each agent's day as the
/// supervisor's `stats` showed it, and the customer tiers' waits and who answered them.
struct SignalTally {
    var customers = CustomerCounts()
    var topicArrivals: [String: Int] = [:]
    var spikeArrivals = 0
    var alerts = AlertLog()
    var agentDays = AgentDayTally()
    /// Per tier of the mix (nil: interactions without a tier).
    var tiers: [String?: TierCounts] = [:]
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

    /// An interaction of `tier` was enqueued; `refused`: the server turned the enqueue down after all.
    mutating func enqueued(tier: String?, refused: Bool = false) {
        tiers[tier, default: TierCounts(tier: tier)].offered += refused ? -1 : 1
    }

    /// An interaction of `tier` was assigned after `wait` seconds to an agent of `group`.
    mutating func answered(tier: String?, wait: Double, group: String, withinServiceLevel: Bool) {
        tiers[tier, default: TierCounts(tier: tier)].answered(wait: wait, group: group, withinServiceLevel: withinServiceLevel)
    }

    /// Every tier's counts, by name, then the interactions without a tier.
    var tierReport: [TierCounts] {
        tiers.values.sorted { a, b in
            switch (a.tier, b.tier) {
            case let (x?, y?): x < y
            case (.some, nil): true
            default: false
            }
        }
    }
}
