public import Foundation

/// Everything a run measured; written with `--json` and read back by `--compare`.
public struct BenchResult: Sendable, Equatable, Codable {
    public var scenario: String
    public var seed: UInt64
    public var startedAt: String
    public var agents: Int
    public var sources: Int
    /// Seconds arrivals ran, and seconds from start to the end of the drain.
    public var runSeconds: Double
    public var totalSeconds: Double
    public var offeredRatePerSecond: Double

    public var enqueued: Int
    public var refused: Int
    public var assigned: Int
    public var completed: Int
    /// Customers who hung up after their patience ran out (not counting the drain at the end).
    public var abandoned: Int
    /// Interactions cancelled by the drain at the end of the run.
    public var drained: Int
    public var ended: Int
    public var offers: Int
    public var rejects: Int
    /// Offers revoked because the agent did not answer in time.
    public var offerTimeouts: Int
    public var reloads: Int
    public var reloadFailures: Int

    public var enqueueToOffer: LatencySummary
    public var offerToAccept: LatencySummary
    /// Accept sent → its `ok` (the server's reply time, without the simulated human).
    public var acceptRoundTrip: LatencySummary
    public var enqueueToAssigned: LatencySummary
    public var reloadRoundTrip: LatencySummary

    public var serviceLevelSeconds: Double
    /// Assigned within the threshold ÷ assigned; nil when nothing was assigned.
    public var serviceLevel: Double?
    /// Abandoned ÷ enqueued.
    public var abandonRate: Double
    /// Handling time ÷ (handling + available idle time), over all agents while arrivals ran.
    public var occupancy: Double?
    public var messagesPerSecond: Double
    public var messagesSent: Int
    public var messagesReceived: Int

    public var correctnessPassed: Bool
    public var violations: [String: Int]
    public var violationExamples: [CorrectnessChecker.Violation]
    /// Protocol errors that are not rule violations (unexpected `error` replies, undecodable frames).
    public var protocolErrors: [String: Int]
    public var setupError: String?
    /// Per second from the start of arrivals through the drain (nil in results of older versions).
    public var timeline: [TimelineSecond]? = nil
    /// The machine's 1, 5 and 15 minute load averages before and after the run (the bench shares the
    /// machine with the server and whatever else runs; nil when unknown).
    public var loadAverageBefore: [Double]? = nil
    public var loadAverageAfter: [Double]? = nil
    /// Reloads sent as SIGHUP (``ReloadSchedule/Via/alternate``); `reloads` counts the admin ones answered.
    public var signalReloads: Int? = nil
    /// What agent churn did (nil without churn in the scenario).
    public var churn: ChurnCounts? = nil
    /// The server's resident memory over the run (nil unless the scenario asks and the server's process is known).
    public var memory: MemoryTrend? = nil
    /// Customers, repeats and repeat offers (nil without `customers` in the scenario, unless the server
    /// offered a repeat anyway).
    public var customers: CustomerCounts? = nil
    /// Arrivals per topic (nil without `topics` or `spike` in the scenario).
    public var topics: [String: Int]? = nil
    /// The spike's extra arrivals (nil without `spike`).
    public var spikeArrivals: Int? = nil
    /// The alerts a supervisor received (nil unless the scenario watches them).
    public var alerts: AlertLog? = nil
    /// Each agent's day as the supervisor's `stats` showed it (nil unless the scenario watches agents).
    public var agentDays: AgentDays? = nil
    /// Per customer tier of the mix, then the interactions without one (nil when the scenario has no tiers).
    public var tiers: [TierCounts]? = nil

    /// Every correctness check passed, the run started, and the server's memory stayed under its limit.
    public var passed: Bool { correctnessPassed && setupError == nil && memory?.passed != false }
}

extension BenchResult {
    /// Pretty JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public static func load(contentsOf path: String) throws -> BenchResult {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(BenchResult.self, from: data)
    }
}
