/// What the scenario's customers did, and how the server's offers showed them (``CustomerPopulation``).
public struct CustomerCounts: Sendable, Equatable, Codable {
    /// Distinct customers among the run's arrivals.
    public var customers = 0
    /// Arrivals the scenario made repeats: a customer back within `repeat_within_seconds`.
    public var repeatArrivals = 0
    /// Offers that carried the customer (`offer.interaction.customer`).
    public var offersWithCustomer = 0
    /// Offers whose customer the server took for a repeat (`customer.repeat`).
    public var repeatOffers = 0
    /// Repeat offers made to the agent who last took an interaction of that customer in this run.
    public var repeatOffersToLastAgent = 0

    public init() {}
}
