import SwitchboardConfig
import SwitchboardMessages
import SwitchboardRouter
import SwitchboardStore
import SwitchboardWebSocket
import Testing
@testable import SwitchboardServer

/// The routing owner's decisions as a pure value: each row is one input at one instant and the
/// actions it must produce, in order (no actor, no clock, no store; the way `WebSocketStateMachine`
/// is tested).
struct HubCoreTests {
    /// One row of a table: what happens, and the actions expected, rendered one per line.
    struct Row: CustomStringConvertible {
        var at: Int = 0
        var input: HubInput
        var store: StoreCondition? = StoreCondition()
        var expected: [String]
        var description: String { "\(input) at \(at) ms" }
    }

    /// Connections 1–3 are agents a1–a3, 10 the source gw, 20 a supervisor.
    static let source: ConnectionID = 10

    func makeCore(recording: Bool = true, configure: (inout SwitchboardConfiguration) -> Void = { _ in }) throws -> HubCore {
        var config = testConfiguration()
        configure(&config)
        return try HubCore(configuration: config, settings: HubSettings(config), recording: recording, idPrefix: "i-", logger: quietLogger)
    }

    /// A request as the gate of a connection with `role` hands it over (fixtures are valid and permitted).
    static func request(_ connection: ConnectionID, _ json: String, as role: Role? = nil) -> HubInput {
        let envelope = try! MessageDecoder.decode(json)
        let role = role ?? (connection == source ? .source : connection >= 20 ? .supervisor : .agent)
        return .request(connection, role.request(envelope.message)!, ref: envelope.ref)
    }

    /// One line per action: `→ 3 {json}`, `→ 3 when durable {json}`, `close 3 1008 reason`,
    /// `record offered c1 a1; …` (events without instants, which vary).
    static func render(_ actions: [HubAction]) -> [String] {
        actions.map { action in
            switch action {
            case .send(let message, let connection):
                "→ \(connection) \(MessageEncoder.encodeString(message))"
            case .sendWhenDurable(let message, let connection, _):
                "→ \(connection) when durable \(MessageEncoder.encodeString(message))"
            case .close(let connection, let code, let reason):
                "close \(connection) \(code.rawValue) \(reason)"
            case .record(let events):
                "record " + events.map { event in
                    [event.kind.rawValue, event.interactionId, event.agentId, event.queue, event.reason, event.state]
                        .compactMap { $0 }.joined(separator: " ")
                }.joined(separator: "; ")
            case .readCustomer(let query, let cursor, let connection, let ref):
                "read customer \(query.customerId) limit \(query.limit) before \(cursor.map { "\($0.enqueuedAt)/\($0.seq)" } ?? "-") for \(connection) ref \(ref ?? "-")"

            case .streamEvents(let scope, let since, let connection, let ref):
                "stream events \(scope) since \(since) for \(connection) ref \(ref ?? "-")"
            }
        }
    }

    /// Runs the rows in order on one core, checking each row's actions. Times in `serverTime`/`at`
    /// fields are the row's instant (the wall clock is the monotonic one here).
    func run(_ core: inout HubCore, _ rows: [Row], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for row in rows {
            var actions: [HubAction] = []
            let context = HubContext(now: .milliseconds(Int64(row.at)), wallMilliseconds: row.at, store: row.store)
            core.step(row.input, in: context, into: &actions)
            #expect(Self.render(actions) == row.expected, "\(row)", sourceLocation: sourceLocation)
        }
    }

    @Test func anEnqueueIsAnsweredWhenDurableThenOfferedAndFollowedToTheEnd() throws {
        var core = try makeCore()
        run(&core, [
            Row(input: .attach(Self.source, .source(name: "gw"), ref: nil), expected: [
                #"→ 10 {"type":"welcome","role":"source","protocol":1,"serverTime":0}"#,
            ]),
            Row(at: 5, input: .attach(1, .agent(id: "a1"), ref: nil), expected: [
                #"→ 1 {"type":"welcome","role":"agent","agentId":"a1","protocol":1,"serverTime":5,"interactions":[]}"#,
                #"→ 1 {"type":"agent_state","agentId":"a1","state":"available","load":{}}"#,
                "record agent_login a1; agent_state a1 available",
            ]),
            // The answer waits for the disk; the source hears `queued`, the agent its offer, after it.
            Row(at: 10, input: Self.request(Self.source, #"{"type":"enqueue","ref":"e","interaction":{"id":"c1","channel":"voice","queue":"sales"}}"#), expected: [
                "record enqueued c1 sales; offered c1 a1",
                #"→ 10 when durable {"type":"ok","ref":"e","interactionId":"c1","status":"offered","position":0,"estimatedWaitMs":0}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"queued","queue":"sales","at":10}"#,
                #"→ 1 {"type":"offer","interaction":{"id":"c1","channel":"voice","queue":"sales","priority":0,"attributes":{},"waitedMs":0},"expiresInMs":20000}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"offered","agentId":"a1","at":10}"#,
                #"→ 1 {"type":"agent_state","agentId":"a1","state":"reserved","load":{"voice":1}}"#,
            ]),
            Row(at: 20, input: Self.request(1, #"{"type":"accept","ref":"k","interactionId":"c1"}"#), expected: [
                "record accepted c1 a1 busy",
                #"→ 1 when durable {"type":"ok","ref":"k"}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"assigned","agentId":"a1","at":20}"#,
                #"→ 1 {"type":"agent_state","agentId":"a1","state":"busy","load":{"voice":1}}"#,
            ]),
            Row(at: 30, input: Self.request(1, #"{"type":"complete","ref":"d","interactionId":"c1","disposition":"sold"}"#), expected: [
                "record completed c1 a1; wrap_up_ended c1 a1 available",
                #"→ 1 when durable {"type":"ok","ref":"d"}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"completed","agentId":"a1","at":30}"#,
                #"→ 1 {"type":"agent_state","agentId":"a1","state":"available","load":{}}"#,
            ]),
            // Recently ended: a conflict that names the outcome, not "unknown".
            Row(at: 40, input: Self.request(1, #"{"type":"complete","ref":"again","interactionId":"c1"}"#), expected: [
                #"→ 1 {"type":"error","ref":"again","code":"conflict","message":"interaction 'c1' already ended (completed)"}"#,
            ]),
        ])
        #expect(core.counters.offers == 1)
        #expect(core.counters.terminalEvents == 1)
    }

    @Test func withoutAStoreAnswersLeaveAtOnceAndNothingIsRecorded() throws {
        var core = try makeCore(recording: false)
        run(&core, [
            Row(input: .attach(Self.source, .source(name: "gw"), ref: nil), store: nil, expected: [
                #"→ 10 {"type":"welcome","role":"source","protocol":1,"serverTime":0}"#,
            ]),
            Row(input: Self.request(Self.source, #"{"type":"enqueue","ref":"e","interaction":{"id":"c1","channel":"voice","queue":"sales"}}"#), store: nil, expected: [
                #"→ 10 {"type":"ok","ref":"e","interactionId":"c1","status":"waiting","position":1,"estimatedWaitMs":null}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"queued","queue":"sales","at":0}"#,
            ]),
        ])
    }

    @Test func aStoreThatCannotWriteRefusesDurableWorkButNotTheRest() throws {
        var core = try makeCore()
        let failing = StoreCondition(refusal: "disk full", pendingEvents: 0)
        let behind = StoreCondition(refusal: nil, pendingEvents: 1_000_000)
        run(&core, [
            Row(input: .attach(Self.source, .source(name: "gw"), ref: nil), expected: [
                #"→ 10 {"type":"welcome","role":"source","protocol":1,"serverTime":0}"#,
            ]),
            Row(input: Self.request(Self.source, #"{"type":"enqueue","ref":"e","interaction":{"id":"c1","channel":"voice","queue":"sales"}}"#), store: failing, expected: [
                #"→ 10 {"type":"error","ref":"e","code":"unavailable","message":"the store cannot record it, so the server refuses it: disk full"}"#,
            ]),
            Row(input: Self.request(Self.source, #"{"type":"enqueue","ref":"f","interaction":{"id":"c1","channel":"voice","queue":"sales"}}"#), store: behind, expected: [
                #"→ 10 {"type":"error","ref":"f","code":"unavailable","message":"the store is 1000000 events behind; new interactions are refused until it catches up"}"#,
            ]),
            // A position needs no disk.
            Row(input: Self.request(Self.source, #"{"type":"position","ref":"p","interactionId":"c1"}"#), store: failing, expected: [
                #"→ 10 {"type":"error","ref":"p","code":"not_found","message":"unknown interaction 'c1'"}"#,
            ]),
        ])
    }

    @Test func loginsBeyondTheRosterOrTheLimitsAreRefusedAndClosed() throws {
        var core = try makeCore { $0.server.limits.maxConnectionsPerSource = 1 }
        run(&core, [
            Row(input: .attach(7, .agent(id: "ghost"), ref: "h"), expected: [
                #"→ 7 {"type":"error","ref":"h","code":"unauthorized","message":"agent ghost is not in the configuration"}"#,
                "close 7 1008 unauthorized",
            ]),
            // A refused connection speaks for nobody: what it still sends is dropped, not answered.
            Row(input: Self.request(7, #"{"type":"state","ref":"s","state":"available"}"#), expected: []),
            Row(input: .attach(Self.source, .source(name: "gw"), ref: nil), expected: [
                #"→ 10 {"type":"welcome","role":"source","protocol":1,"serverTime":0}"#,
            ]),
            Row(input: .attach(11, .source(name: "gw"), ref: "h2"), expected: [
                #"→ 11 {"type":"error","ref":"h2","code":"limit_exceeded","message":"source 'gw' already has 1 connections (server.limits.max_connections_per_source)"}"#,
                "close 11 1008 login refused",
            ]),
        ])
    }

    @Test func aNewerLoginReplacesTheOlderConnectionWhichThenSpeaksForNobody() throws {
        var core = try makeCore(recording: false)
        run(&core, [
            Row(input: .attach(1, .agent(id: "a2"), ref: nil), store: nil, expected: [
                #"→ 1 {"type":"welcome","role":"agent","agentId":"a2","protocol":1,"serverTime":0,"interactions":[]}"#,
                #"→ 1 {"type":"agent_state","agentId":"a2","state":"available","load":{}}"#,
            ]),
            Row(at: 1, input: .attach(2, .agent(id: "a2"), ref: nil), store: nil, expected: [
                "close 1 1008 replaced by a newer login",
                #"→ 2 {"type":"welcome","role":"agent","agentId":"a2","protocol":1,"serverTime":1,"interactions":[]}"#,
                #"→ 2 {"type":"agent_state","agentId":"a2","state":"available","load":{}}"#,
            ]),
            Row(at: 2, input: Self.request(1, #"{"type":"state","ref":"s","state":"not_ready","reason":"lunch"}"#), store: nil, expected: [
                #"→ 1 {"type":"error","ref":"s","code":"conflict","message":"this connection no longer speaks for its agent: it was replaced by a newer login"}"#,
            ]),
            // The old connection's close does not log the agent out.
            Row(at: 3, input: .detach(1), store: nil, expected: []),
            Row(at: 4, input: .detach(2), store: nil, expected: []),
        ])
        #expect(core.router.agent("a2")?.state == .offline)
    }

    @Test func anOfferThatTimesOutIsRevokedThenTheNextAgentIsOffered() throws {
        var core = try makeCore(recording: false) { config in
            config.queues[0].offerTimeoutSeconds = 1
        }
        run(&core, [
            Row(input: .attach(Self.source, .source(name: "gw"), ref: nil), store: nil, expected: [
                #"→ 10 {"type":"welcome","role":"source","protocol":1,"serverTime":0}"#,
            ]),
            Row(input: .attach(1, .agent(id: "a1"), ref: nil), store: nil, expected: [
                #"→ 1 {"type":"welcome","role":"agent","agentId":"a1","protocol":1,"serverTime":0,"interactions":[]}"#,
                #"→ 1 {"type":"agent_state","agentId":"a1","state":"available","load":{}}"#,
            ]),
            Row(input: Self.request(Self.source, #"{"type":"enqueue","ref":"e","interaction":{"id":"c1","channel":"voice","queue":"sales"}}"#), store: nil, expected: [
                #"→ 10 {"type":"ok","ref":"e","interactionId":"c1","status":"offered","position":0,"estimatedWaitMs":0}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"queued","queue":"sales","at":0}"#,
                #"→ 1 {"type":"offer","interaction":{"id":"c1","channel":"voice","queue":"sales","priority":0,"attributes":{},"waitedMs":0},"expiresInMs":1000}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"offered","agentId":"a1","at":0}"#,
                #"→ 1 {"type":"agent_state","agentId":"a1","state":"reserved","load":{"voice":1}}"#,
            ]),
            Row(at: 500, input: .attach(2, .agent(id: "a2"), ref: nil), store: nil, expected: [
                #"→ 2 {"type":"welcome","role":"agent","agentId":"a2","protocol":1,"serverTime":500,"interactions":[]}"#,
                #"→ 2 {"type":"agent_state","agentId":"a2","state":"available","load":{}}"#,
            ]),
            // The timer's step: the revocation reaches a1 before the offer made in its place reaches a2;
            // the source hears the interaction went back to its queue, then the new offer.
            Row(at: 1_000, input: .timer, store: nil, expected: [
                #"→ 1 {"type":"revoked","interactionId":"c1","reason":"timeout"}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"queued","queue":"sales","at":1000}"#,
                #"→ 2 {"type":"offer","interaction":{"id":"c1","channel":"voice","queue":"sales","priority":0,"attributes":{},"waitedMs":1000},"expiresInMs":1000}"#,
                #"→ 10 {"type":"interaction","interactionId":"c1","event":"offered","agentId":"a2","at":1000}"#,
                #"→ 1 {"type":"agent_state","agentId":"a1","state":"not_ready","reason":"no_answer","load":{}}"#,
                #"→ 2 {"type":"agent_state","agentId":"a2","state":"reserved","load":{"voice":1}}"#,
            ]),
        ])
    }

    @Test func nextDueIsTheEarliestOfRouterTimersGraceAndStats() throws {
        // The wellbeing guard judges a logged-in agent's rolling hour every minute: off here.
        var core = try makeCore(recording: false) { $0.wellbeing.enabled = false }
        var actions: [HubAction] = []
        core.step(.attach(1, .agent(id: "a1"), ref: nil), in: HubContext(now: Instant(nanoseconds: 0), wallMilliseconds: 0, store: nil), into: &actions)
        var due = core.nextDue()
        #expect(due == nil)
        core.step(.attach(20, .supervisor(name: nil), ref: nil), in: HubContext(now: Instant(nanoseconds: 0), wallMilliseconds: 0, store: nil), into: &actions)
        core.step(Self.request(20, #"{"type":"subscribe","topics":["queues"]}"#), in: HubContext(now: Instant(nanoseconds: 0), wallMilliseconds: 0, store: nil), into: &actions)
        // Subscribed while something changed: the next stats push is due after the short interval.
        due = core.nextDue()
        #expect(due == Instant(nanoseconds: 0) + HubSettings(testConfiguration()).statsMinInterval)
        // A grace that runs out sooner comes first.
        core.step(.detach(1), in: HubContext(now: Instant(nanoseconds: 0), wallMilliseconds: 0, store: nil), into: &actions)
        due = core.nextDue()
        #expect(due == Instant(nanoseconds: 0) + HubSettings(testConfiguration()).statsMinInterval)
    }
}
