import Foundation
import GRDB
import Testing
@testable import SwitchboardStore

/// A contact of `customer` with `attributes` (JSON text).
func contact(_ id: String, customer: String?, channel: String = "chat", queue: String = "support",
             attributes: String = "{}", enqueuedAt: Int64? = nil) -> NewInteraction {
    NewInteraction(id: id, source: "gateway", queue: queue, channel: channel, customerId: customer, attributes: attributes,
                   enqueuedAt: enqueuedAt)
}

@Suite struct CustomerHistoryTests {
    @Test func historyPagesGoNewestFirstAcrossEqualInstantsWithoutSkippingOrRepeating() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        // Seven contacts of C-1 on several channels, four of them at the same instant, others' between.
        var events: [StoreEvent] = []
        for (n, at) in [1_000, 2_000, 2_000, 2_000, 2_000, 3_000, 4_000].enumerated() {
            events.append(.enqueued(contact("c1-\(n)", customer: "C-1", channel: n % 2 == 0 ? "chat" : "voice"), at: Int64(at)))
            events.append(.enqueued(contact("other-\(n)", customer: "C-2"), at: Int64(at)))
        }
        events.append(.enqueued(contact("anonymous", customer: nil), at: 2_000))
        try await store.append(events)

        var pages: [[String]] = []
        var cursor: CustomerCursor?
        repeat {
            let page = try await store.customerHistory("C-1", limit: 2, before: cursor)
            pages.append(page.contacts.map(\.id))
            #expect(page.contacts.allSatisfy { $0.customerId == "C-1" })
            cursor = page.next
            // The token is what crosses the wire: the cursor must come back from it unchanged.
            if let next = page.next { #expect(CustomerCursor(token: next.token) == next) }
        } while cursor != nil
        // Equal instants go by arrival, newest first: c1-4, c1-3, c1-2, c1-1 (all at 2,000).
        #expect(pages == [["c1-6", "c1-5"], ["c1-4", "c1-3"], ["c1-2", "c1-1"], ["c1-0"]])

        // A page that ends exactly at the oldest contact says so: no cursor to an empty page.
        let whole = try await store.customerHistory("C-1", limit: 7)
        #expect(whole.contacts.count == 7)
        #expect(whole.next == nil)
        let firstSix = try await store.customerHistory("C-1", limit: 6)
        #expect(firstSix.next != nil)
        let rest = try await store.customerHistory("C-1", limit: 6, before: firstSix.next)
        #expect(rest.contacts.map(\.id) == ["c1-0"])
        #expect(rest.next == nil)
        #expect(try await store.customerHistory("nobody", limit: 5) == CustomerHistoryPage(contacts: [], next: nil))
        await store.close()
    }

    @Test func aContactCarriesItsAgentDispositionInstantsAndTextTopic() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([
            .enqueued(contact("done", customer: "C-1", channel: "voice", attributes: #"{"topic":"billing","kind":"complaint"}"#), at: 1_000),
            .interaction(.offered, "done", at: 1_100, agentId: "alice"),
            .interaction(.accepted, "done", at: 1_200, agentId: "alice"),
            .interaction(.completed, "done", at: 1_900, agentId: "alice", disposition: "resolved"),
            .enqueued(contact("wrap", customer: "C-1", attributes: #"{"topic":{"name":"x"}}"#), at: 2_000),
            .interaction(.accepted, "wrap", at: 2_100, agentId: "bob"),
            .interaction(.completed, "wrap", at: 2_500, agentId: "bob"),
            .interaction(.wrapUpEnded, "wrap", at: 2_600, agentId: "bob"),
            .enqueued(contact("gone", customer: "C-1", attributes: #"{"topic":42}"#), at: 3_000),
            .interaction(.abandoned, "gone", at: 3_400),
            .enqueued(contact("live", customer: "C-1", queue: "sales", attributes: #"{"topic":"late \"fee\""}"#), at: 4_000),
            .interaction(.accepted, "live", at: 4_050, agentId: "carol"),
            .enqueued(contact("odd", customer: "C-1", attributes: "not json"), at: 5_000),
        ])
        let page = try await store.customerHistory("C-1", limit: 10)
        #expect(page.contacts == [
            CustomerContactRow(id: "odd", customerId: "C-1", channel: "chat", queue: "support", state: .queued, enqueuedAt: 5_000),
            CustomerContactRow(id: "live", customerId: "C-1", channel: "chat", queue: "sales", agentId: "carol", state: .active,
                               enqueuedAt: 4_000, answeredAt: 4_050, topic: "late \"fee\""),
            CustomerContactRow(id: "gone", customerId: "C-1", channel: "chat", queue: "support", state: .abandoned,
                               enqueuedAt: 3_000, finishedAt: 3_400),
            CustomerContactRow(id: "wrap", customerId: "C-1", channel: "chat", queue: "support", agentId: "bob", state: .completed,
                               enqueuedAt: 2_000, answeredAt: 2_100, finishedAt: 2_500),
            CustomerContactRow(id: "done", customerId: "C-1", channel: "voice", queue: "support", agentId: "alice",
                               disposition: "resolved", state: .wrapUp, enqueuedAt: 1_000, answeredAt: 1_200, finishedAt: 1_900,
                               topic: "billing"),
        ])
        // The attribute is a parameter: another name, and names that need quoting in a JSON path.
        try await store.append([.enqueued(contact("dotted", customer: "C-3", attributes: #"{"a.b":"x","kind":"complaint"}"#), at: 6_000)])
        #expect(try await store.customerHistory("C-1", limit: 10, topicAttribute: "kind").contacts.map(\.topic)
            == [nil, nil, nil, nil, "complaint"])
        #expect(try await store.customerHistory("C-3", limit: 1, topicAttribute: "a.b").contacts.first?.topic == "x")
        await store.close()
    }

    @Test func badArgumentsAreTypedErrors() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        do {
            _ = try await store.customerHistory("C-1", limit: 0)
            Issue.record("limit 0 accepted")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("limit must be at least 1, got 0"))
        }
        do {
            _ = try await store.recentContacts(since: 0, topicAttribute: "say \"hi\"")
            Issue.record("a quote in the topic attribute accepted")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.message.contains("double quote"))
        }
        await store.close()
    }
}

@Suite struct CustomerCursorTests {
    @Test func tokenRoundTripsAnyCursor() throws {
        for cursor in [CustomerCursor(enqueuedAt: 1_765_100_000_123, seq: 17), CustomerCursor(enqueuedAt: -5, seq: 1),
                       CustomerCursor(enqueuedAt: Int64.max, seq: Int64.max), CustomerCursor(enqueuedAt: Int64.min, seq: 9)] {
            #expect(try CustomerCursor(parsing: cursor.token) == cursor)
            #expect(CustomerCursor(token: cursor.token) == cursor)
        }
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("1765100000123.17", "not a customer history cursor"),
        ("c2.1.2", "not a customer history cursor"),
        ("c1.", "1 parts after the prefix, expected 2"),
        ("c1.1.2.3", "3 parts after the prefix, expected 2"),
        ("c1.abc.2", "instant 'abc' is not a whole number"),
        ("c1..2", "instant '' is not a whole number"),
        ("c1.+5.2", "instant '+5' is not a whole number"),
        ("c1.99999999999999999999.2", "instant '99999999999999999999' is not a whole number"),
        ("c1.5.0", "position '0' is not a positive whole number"),
        ("c1.5.-3", "position '-3' is not a positive whole number"),
        ("c1.5.x", "position 'x' is not a positive whole number"),
        ("c1.5." + String(repeating: "9", count: 300), "longer than 256 bytes"),
    ])
    func malformedTokenIsATypedErrorNamingTheProblem(token: String, problem: String) {
        #expect(CustomerCursor(token: token) == nil)
        do {
            _ = try CustomerCursor(parsing: token)
            Issue.record("accepted '\(token)'")
        } catch {
            #expect(error.token == token)
            #expect(error.problem.contains(problem), "\(error.problem)")
            #expect(error.description.contains("is not valid"))
        }
    }
}

@Suite struct RecentContactsTests {
    @Test func recentContactsAreEveryCustomersContactsSinceTheInstantOldestFirst() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([
            .enqueued(contact("old", customer: "C-1", attributes: #"{"topic":"billing"}"#), at: 500),
            .enqueued(contact("edge", customer: "C-2", queue: "sales", attributes: #"{"topic":"billing"}"#), at: 1_000),
            .enqueued(contact("anon", customer: nil, attributes: #"{"topic":"billing"}"#), at: 1_100),
            .enqueued(contact("b", customer: "C-1", queue: "zeta", attributes: #"{"topic":3.5}"#), at: 2_000),
            .enqueued(contact("a", customer: "C-3", queue: "alpha", attributes: #"{"topic":["x"]}"#), at: 2_000),
            .enqueued(contact("c", customer: "C-1", channel: "voice", attributes: #"{"topic":"refund"}"#), at: 1_500),
            .interaction(.accepted, "c", at: 1_600, agentId: "alice"),
        ])
        // A transfer moves a contact to another queue: it is still found, once.
        try await store.append([.interaction(.transferred, "edge", at: 2_500, agentId: nil, queue: "alpha")])
        let recent = try await store.recentContacts(since: 1_000)
        #expect(recent.map(\.id) == ["edge", "c", "b", "a"])
        #expect(recent.map(\.topic) == ["billing", "refund", nil, nil])
        #expect(recent.map(\.customerId) == ["C-2", "C-1", "C-1", "C-3"])
        #expect(recent.first?.queue == "alpha")
        #expect(recent[1].agentId == "alice")
        #expect(recent[1].channel == "voice")
        #expect(try await store.recentContacts(since: 2_001).isEmpty)
        #expect(try await store.recentContacts(since: 0).map(\.id) == ["old", "edge", "c", "b", "a"])
        await store.close()
    }

    @Test func arrivalsAreEveryInteractionSinceTheInstantWithItsQueueAndTopic() async throws {
        let dir = try TemporaryDirectory()
        let store = try openStore(dir.path("store.sqlite"))
        try await store.append([
            .enqueued(contact("old", customer: "C-1", attributes: #"{"topic":"billing"}"#), at: 500),
            .enqueued(contact("x", customer: nil, queue: "sales", attributes: #"{"topic":"billing"}"#), at: 1_000),
            .enqueued(contact("y", customer: "C-1", queue: "support", attributes: #"{"topic":7}"#), at: 1_000),
            .enqueued(contact("z", customer: nil, queue: "billing", attributes: #"{"issue":"billing"}"#), at: 1_200),
        ])
        #expect(try await store.arrivals(since: 1_000) == [
            ArrivalRow(enqueuedAt: 1_000, queue: "sales", topic: "billing"),
            ArrivalRow(enqueuedAt: 1_000, queue: "support", topic: nil),
            ArrivalRow(enqueuedAt: 1_200, queue: "billing", topic: nil),
        ])
        #expect(try await store.arrivals(since: 1_000, topicAttribute: "issue").map(\.topic) == [nil, nil, "billing"])
        #expect(try await store.arrivals(since: 1_201).isEmpty)
        let empty = try openStore(dir.path("empty.sqlite"))
        #expect(try await empty.arrivals(since: 0).isEmpty)
        #expect(try await empty.recentContacts(since: 0).isEmpty)
        await empty.close()
        await store.close()
    }
}
