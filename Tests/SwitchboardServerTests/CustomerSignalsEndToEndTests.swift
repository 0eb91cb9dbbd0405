import Foundation
import SwitchboardConfig
import SwitchboardStore
import SwitchboardTesting
import Testing
@testable import SwitchboardServer

/// Customer memory and alerts over real sockets with the durable store: a repeat reaches its last
/// agent with the customer in the offer, a supervisor reads the history from the store page by page,
/// acknowledges an alert, and after a restart the memory and the raised alert are back (not raised again).
@Suite(.serialized)
struct CustomerSignalsEndToEndTests {
    static func configure(_ config: inout SwitchboardConfiguration) {
        config.customers.repeatPolicy.contacts = 2
        config.customers.repeatPolicy.sameTopicContacts = 0
        config.alerts.topicSurge.enabled = false
        config.alerts.serviceLevel.enabled = false
    }

    @Test func aRepeatReachesItsLastAgentAndTheHistoryAndAlertSurviveARestart() async throws {
        let path = ServerStoreTests.databasePath()
        defer { ServerStoreTests.removeDatabase(path) }
        let first = try await TestBed(Self.configure, store: try ServerStoreTests.openStore(path))
        let supervisor = try await first.login("sup-token")
        try await supervisor.send(#"{"type":"subscribe","ref":"s","topics":["alerts"]}"#)
        try await supervisor.expect(#""ref":"s""#)
        let source = try await first.login("gw-token")
        let a1 = try await first.login("a1-token")

        try await source.send(#"{"type":"enqueue","ref":"e1","interaction":{"id":"v1","channel":"voice","queue":"sales","customerId":"C-7"}}"#)
        try await a1.expect(#""type":"offer""#, #""id":"v1""#, #""repeat":false"#)
        try await a1.send(#"{"type":"accept","ref":"k1","interactionId":"v1"}"#)
        try await a1.expect(#""ref":"k1""#)
        try await a1.send(#"{"type":"complete","ref":"d1","interactionId":"v1","disposition":"refund_promised"}"#)
        try await a1.expect(#""ref":"d1""#)

        // a2 logs in and idles longer than a1 will; the customer's second contact still goes to a1.
        let a2 = try await first.login("a2-token")
        try await source.send(#"{"type":"enqueue","ref":"e2","interaction":{"id":"v2","channel":"voice","queue":"sales","customerId":"C-7"}}"#)
        let offer = try await a1.expect(#""type":"offer""#, #""id":"v2""#)
        #expect(offer.contains(#""repeat":true,"reason":"many_contacts""#))
        #expect(offer.contains(#""lastAgent":"a1","lastDisposition":"refund_promised""#))
        let alert = try await supervisor.expect(#""type":"alert""#, #""kind":"repeat_contact""#, #""customerId":"C-7""#)
        let alertID = try #require(Self.member("id", of: alert))

        // The history from the store, newest first, a page at a time; agents only for their own customer.
        try await supervisor.send(#"{"type":"customer","ref":"h1","customerId":"C-7","limit":1}"#)
        let page = try await supervisor.expect(#""ref":"h1""#)
        #expect(page.contains(#""contacts":[{"id":"v2""#))
        let next = try #require(Self.member("next", of: page))
        try await supervisor.send(#"{"type":"customer","ref":"h2","customerId":"C-7","limit":1,"before":"\#(next)"}"#)
        let older = try await supervisor.expect(#""ref":"h2""#)
        #expect(older.contains(#""id":"v1","channel":"voice","queue":"sales","agentId":"a1","disposition":"refund_promised","state":"completed""#))
        #expect(older.contains(#""next":null"#))
        try await a2.send(#"{"type":"customer","ref":"h3","customerId":"C-7"}"#)
        #expect(try await a2.expect(#""ref":"h3""#).contains(#""code":"forbidden""#))
        try await a1.send(#"{"type":"customer","ref":"h4","customerId":"C-7"}"#)
        #expect(try await a1.expect(#""ref":"h4""#).contains(#""type":"ok""#))
        try await source.send(#"{"type":"customer","ref":"h5","customerId":"C-7"}"#)
        #expect(try await source.expect(#""ref":"h5""#).contains(#""code":"forbidden""#))

        try await supervisor.send(#"{"type":"ack_alert","ref":"a","id":"\#(alertID)","note":"calling the customer"}"#)
        try await supervisor.expect(#""ref":"a""#, #""type":"ok""#)
        try await supervisor.expect(#""type":"alert""#, #""acknowledgedBy":"supervisor lead""#)
        await first.stop()

        // The alert is in the store, acknowledged and still raised (v2 is still offered).
        let reader = try ServerStoreTests.openStore(path) { $0.readOnly = true }
        let stored = try await reader.raisedAlerts()
        await reader.close()
        #expect(stored.map(\.id) == [alertID])
        #expect(stored.first?.acknowledgedBy == "supervisor lead")
        #expect(stored.first?.acknowledgementNote == "calling the customer")

        let second = try await TestBed(Self.configure, store: try ServerStoreTests.openStore(path))
        #expect(second.server.recovery?.customers == 1)
        #expect(second.server.recovery?.alerts == 1)
        let watcher = try await second.login("sup-token")
        try await watcher.send(#"{"type":"subscribe","ref":"s","topics":["alerts"]}"#)
        let again = try await watcher.expect(#""type":"alert""#)
        #expect(again.contains(#""id":"\#(alertID)""#) && again.contains(#""state":"raised""#))
        // Memory came back from the store: the restored contact's offer still shows the customer.
        let back = try await second.login("a2-token")
        let resent = try await back.expect(#""type":"offer""#, #""id":"v2""#)
        #expect(resent.contains(#""contacts":2"#) && resent.contains(#""lastAgent":"a1""#))
        // Ending the customer's last open contact clears the alert (pushed, and recorded).
        try await back.send(#"{"type":"accept","ref":"k","interactionId":"v2"}"#)
        try await back.expect(#""ref":"k""#)
        try await back.send(#"{"type":"complete","ref":"d","interactionId":"v2"}"#)
        try await watcher.expect(#""type":"alert""#, #""id":"\#(alertID)""#, #""state":"cleared""#)
        await second.stop()

        let after = try ServerStoreTests.openStore(path) { $0.readOnly = true }
        #expect(try await after.raisedAlerts().isEmpty)
        let report = try await after.report(ReportQuery(from: 0, to: Int64(Date().timeIntervalSince1970 * 1000) + 1))
        await after.close()
        #expect(report.alerts.map(\.id) == [alertID])
        #expect(report.alerts.first?.clearedAt != nil)
    }

    /// The text value of a top-level member of a JSON message.
    static func member(_ name: String, of text: String) -> String? {
        guard let range = text.range(of: #""\#(name)":""#) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}
