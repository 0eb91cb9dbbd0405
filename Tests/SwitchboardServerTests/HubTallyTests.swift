import SwitchboardConfig
import SwitchboardRouter
import Testing
@testable import SwitchboardServer

/// What the routing core counts for `/metrics` (``HubTally``) and what a scrape reads from it
/// (``HubReading``), stepped as a pure value at fixed instants.
struct HubTallyTests {
    static func step(_ core: inout HubCore, _ input: HubInput, at ms: Int) {
        var actions: [HubAction] = []
        core.step(input, in: HubContext(now: .milliseconds(Int64(ms)), wallMilliseconds: ms, store: nil), into: &actions)
    }

    @Test func effectsAndLatenciesAreCountedAtTheInstantsTheyHappen() throws {
        var config = testConfiguration()
        config.agentSettings.loginState = .available
        var core = try HubCore(configuration: config, settings: HubSettings(config), recording: false, idPrefix: "i-", logger: quietLogger)
        Self.step(&core, .attach(10, .source(name: "gw"), ref: nil), at: 0)
        Self.step(&core, HubCoreTests.request(10, #"{"type":"enqueue","interaction":{"id":"c1","channel":"voice","queue":"sales"}}"#), at: 100)
        Self.step(&core, .attach(1, .agent(id: "a1"), ref: nil), at: 1_100)
        Self.step(&core, HubCoreTests.request(1, #"{"type":"accept","interactionId":"c1"}"#), at: 1_350)
        Self.step(&core, HubCoreTests.request(1, #"{"type":"complete","interactionId":"c1"}"#), at: 5_000)

        let tally = core.tally
        #expect(tally.count(of: .queued) == 1)
        #expect(tally.count(of: .offer) == 1)
        #expect(tally.count(of: .assigned) == 1)
        #expect(tally.count(of: .completed) == 1)
        #expect(tally.count(of: .abandoned) == 0)
        // Enqueue at 100 ms, offered when a1 logs in at 1,100 ms, accepted 250 ms later.
        #expect(tally.enqueueToOffer == [.seconds(1)])
        #expect(tally.offerToAccept == [.milliseconds(250)])
        #expect(tally.decisions >= 4)

        let reading = core.metricsReading(at: .milliseconds(6_000))
        #expect(reading.tally.enqueueToOffer.isEmpty)
        #expect(reading.tally.effects == tally.effects)
        let sales = try #require(reading.queues.first { $0.name == "sales" })
        #expect(sales.statistics.offered == 1)
        #expect(sales.statistics.answered == 1)
        #expect(sales.serviceLevelThreshold == .seconds(20))
        #expect(reading.agentsByState["available"] == 1)
        #expect(reading.agentsByState["offline"] == 2)
        #expect(reading.connectionsByRole == [.agent: 1, .source: 1, .supervisor: 0, .admin: 0])
    }

    @Test func samplesStayBoundedWithoutAHubToDrainThem() {
        var tally = HubTally()
        for _ in 0..<(HubTally.sampleLimit + 10) { tally.offered(after: .seconds(1)) }
        #expect(tally.enqueueToOffer.count == HubTally.sampleLimit)
        tally.drainSamples()
        #expect(tally.enqueueToOffer.isEmpty)
    }

    @Test(arguments: [("lunch", "lunch"), ("no_answer", "no_answer"), ("login", "login"), ("recovery", "recovery"), ("dentist at 3", "other"), (nil, "other")] as [(String?, String)])
    func notReadyReasonsMapToBoundedLabels(_ reason: String?, _ label: String) {
        #expect(AgentLine.reasonLabel(reason) == label)
    }
}
