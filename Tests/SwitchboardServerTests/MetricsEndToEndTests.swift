import Foundation
import SwitchboardConfig
import SwitchboardSocket
import SwitchboardStore
import SwitchboardTesting
import Testing
@testable import SwitchboardServer

/// `GET /metrics` over a real socket after a scripted floor, read by Prometheus' own Python client
/// parser (`prometheus_client.parser`): exact counters, gauges, histogram counts and label sets.
@Suite(.serialized)
struct MetricsEndToEndTests {
    /// One parsed sample.
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// A scrape as the parser read it.
    struct Scrape {
        /// Family name (the parser drops `_total` from counters) → type.
        var types: [String: String]
        var samples: [Sample]

        /// The value of the sample with exactly these labels.
        func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
            samples.first { $0.name == name && $0.labels == labels }?.value
        }

        /// The label values a series has, for one label.
        func labelValues(_ name: String, _ label: String) -> Set<String> {
            Set(samples.filter { $0.name == name }.compactMap { $0.labels[label] })
        }

        var names: Set<String> { Set(samples.map(\.name)) }
    }

    /// Parses the exposition in the file named by argv[1] and prints it as JSON (NaN as a string).
    static let parser = #"""
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        text = open(sys.argv[1]).read()
        out = {"types": {}, "samples": []}
        for family in text_string_to_metric_families(text):
            if family.name in out["types"]:
                raise SystemExit("metric family %s appears twice" % family.name)
            out["types"][family.name] = family.type
            for s in family.samples:
                out["samples"].append([s.name, s.labels, s.value if s.value == s.value else "NaN"])
        print("PARSED " + json.dumps(out))
        """#

    /// Scrapes the server and parses the page with the real parser.
    static func scrape(_ bed: TestBed) async throws -> Scrape {
        let response = try await HTTPProbe.get("/metrics", port: bed.server.port, loop: bed.clients.next())
        #expect(response.hasPrefix("HTTP/1.1 200"))
        let body = try #require(response.range(of: "\r\n\r\n")).upperBound
        let text = String(response[body...])
        // One HELP and one TYPE line per name: one valid exposition.
        let typeLines = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(Set(typeLines).count == typeLines.count, "a metric name has two TYPE lines")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-scrape-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try await PythonTools.run(script: parser, arguments: [path])
        try #require(run.succeeded, "the Prometheus parser refused the page:\n\(run.report)\n\(text)")
        let line = try #require(run.output.split(separator: "\n").last { $0.hasPrefix("PARSED ") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: Any])
        let types = try #require(json["types"] as? [String: String])
        let rows = try #require(json["samples"] as? [[Any]])
        let samples = try rows.map { row in
            let value = (row[2] as? NSNumber)?.doubleValue ?? .nan
            return Sample(name: try #require(row[0] as? String), labels: try #require(row[1] as? [String: String]), value: value)
        }
        return Scrape(types: types, samples: samples)
    }

    /// A server whose reloads read `configPath` (broken here, so a reload is refused), with a store.
    static func bed(_ path: String, configPath: String) async throws -> TestBed {
        try await TestBed(CustomerSignalsEndToEndTests.configure, source: .file(path: configPath, origin: .flag),
                          store: try ServerStoreTests.openStore(path))
    }

    @Test func aScriptedFloorShowsInTheScrapeExactly() async throws {
        let path = ServerStoreTests.databasePath()
        defer { ServerStoreTests.removeDatabase(path) }
        let configPath = path + ".yaml"
        try "queues: [".write(toFile: configPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: configPath) }
        let bed = try await Self.bed(path, configPath: configPath)

        let source = try await bed.login("gw-token")
        let a1 = try await bed.login("a1-token")
        // Enqueue, offer, accept, complete.
        try await source.send(#"{"type":"enqueue","ref":"e1","interaction":{"id":"v1","channel":"voice","queue":"sales","customerId":"C-7"}}"#)
        try await a1.expect(#""type":"offer""#, #""id":"v1""#)
        try await a1.send(#"{"type":"accept","ref":"k1","interactionId":"v1"}"#)
        try await a1.expect(#""ref":"k1""#, #""type":"ok""#)
        try await a1.send(#"{"type":"complete","ref":"d1","interactionId":"v1"}"#)
        try await a1.expect(#""ref":"d1""#, #""type":"ok""#)
        // The customer's second contact raises repeat_contact; a1 rejects it, then the customer hangs up.
        try await source.send(#"{"type":"enqueue","ref":"e2","interaction":{"id":"v2","channel":"voice","queue":"sales","customerId":"C-7"}}"#)
        try await a1.expect(#""type":"offer""#, #""id":"v2""#)
        try await a1.send(#"{"type":"reject","ref":"r2","interactionId":"v2"}"#)
        try await a1.expect(#""ref":"r2""#, #""type":"ok""#)
        try await source.send(#"{"type":"cancel","ref":"c2","interactionId":"v2"}"#)
        try await source.expect(#""interactionId":"v2""#, #""event":"abandoned""#)
        // A chat nobody logged in can take: it waits.
        try await source.send(#"{"type":"enqueue","ref":"e3","interaction":{"id":"w1","channel":"chat","queue":"chat"}}"#)
        try await source.expect(#""ref":"e3""#, #""type":"ok""#)
        // A malformed message, refused before routing.
        try await source.send("{oops")
        try await source.expect(#""code":"bad_request""#)
        // A refused reload (the file is broken).
        let admin = try await bed.login("admin-token")
        try await admin.send(#"{"type":"reload","ref":"rl"}"#)
        #expect(try await admin.expect(#""ref":"rl""#).contains(#""code":"conflict""#))
        // a1 takes a break.
        try await a1.send(#"{"type":"state","ref":"b","state":"not_ready","reason":"lunch"}"#)
        try await a1.expect(#""ref":"b""#, #""type":"ok""#)

        let scrape = try await Self.scrape(bed)
        let sales = ["queue": "sales"], chat = ["queue": "chat"]
        #expect(scrape.value("switchboard_queue_offered_total", sales) == 2)
        #expect(scrape.value("switchboard_queue_answered_total", sales) == 1)
        #expect(scrape.value("switchboard_queue_answered_within_threshold_total", sales) == 1)
        #expect(scrape.value("switchboard_queue_abandoned_total", sales) == 1)
        #expect(scrape.value("switchboard_queue_ended_total", sales) == 0)
        #expect(scrape.value("switchboard_queue_waiting", sales) == 0)
        #expect(scrape.value("switchboard_queue_service_level", sales) == 1)
        #expect(scrape.value("switchboard_queue_service_level_threshold_seconds", sales) == 20)
        #expect(scrape.value("switchboard_queue_offered_total", chat) == 1)
        #expect(scrape.value("switchboard_queue_waiting", chat) == 1)
        #expect((scrape.value("switchboard_queue_longest_wait_seconds", chat) ?? 0) > 0)
        #expect(scrape.value("switchboard_queue_service_level", chat)?.isNaN == true)
        #expect(scrape.labelValues("switchboard_queue_waiting", "queue") == ["sales", "chat"])

        #expect(scrape.value("switchboard_routing_effects_total", ["effect": "offer"]) == 2)
        #expect(scrape.value("switchboard_routing_effects_total", ["effect": "assigned"]) == 1)
        #expect(scrape.value("switchboard_routing_effects_total", ["effect": "rejected"]) == 1)
        #expect(scrape.value("switchboard_routing_effects_total", ["effect": "completed"]) == 1)
        #expect(scrape.value("switchboard_routing_effects_total", ["effect": "abandoned"]) == 1)
        #expect(scrape.value("switchboard_routing_effects_total", ["effect": "queued"]) == 3)
        #expect((scrape.value("switchboard_routing_decisions_total") ?? 0) >= 7)
        #expect(scrape.value("switchboard_enqueue_to_offer_seconds_count") == 2)
        #expect(scrape.value("switchboard_enqueue_to_offer_seconds_bucket", ["le": "+Inf"]) == 2)
        #expect(scrape.value("switchboard_offer_to_accept_seconds_count") == 1)

        #expect(scrape.value("switchboard_alerts_raised_total", ["kind": "repeat_contact"]) == 1)
        #expect(scrape.value("switchboard_alerts_raised_total", ["kind": "topic_surge"]) == 0)
        #expect(scrape.labelValues("switchboard_alerts_raised_total", "kind")
                == Set(ServerMetrics.alertKinds + ["other"]))
        #expect(scrape.value("switchboard_reloads_total", ["outcome": "refused"]) == 1)
        #expect(scrape.value("switchboard_reloads_total", ["outcome": "applied"]) == 0)

        #expect(scrape.value("switchboard_agents", ["state": "not_ready"]) == 1)
        #expect(scrape.value("switchboard_agents", ["state": "offline"]) == 2)
        #expect(scrape.value("switchboard_agents", ["state": "available"]) == 0)
        #expect(scrape.value("switchboard_agents_not_ready", ["reason": "lunch"]) == 1)
        #expect(scrape.value("switchboard_agents_not_ready", ["reason": "other"]) == 0)
        #expect(scrape.value("switchboard_clients_logged_in", ["role": "agent"]) == 1)
        #expect(scrape.value("switchboard_clients_logged_in", ["role": "source"]) == 1)
        #expect(scrape.value("switchboard_clients_logged_in", ["role": "admin"]) == 1)
        // Hellos count before the role is known; then enqueue ×3, cancel, the malformed one; accept,
        // complete, reject, state; reload.
        #expect(scrape.value("switchboard_messages_received_total", ["role": "none"]) == 3)
        #expect(scrape.value("switchboard_messages_received_total", ["role": "source"]) == 5)
        #expect(scrape.value("switchboard_messages_received_total", ["role": "agent"]) == 4)
        #expect(scrape.value("switchboard_messages_received_total", ["role": "admin"]) == 1)
        #expect(scrape.value("switchboard_messages_refused_total", ["role": "source"]) == 1)
        #expect(scrape.value("switchboard_messages_refused_total", ["role": "agent"]) == 0)

        // The store: every commit in the histograms, nothing failed or pending once flushed.
        // The writer reports a batch to the histograms just after its callers resume: scrape until caught up.
        try await bed.server.store?.flush()
        var stored = try await Self.scrape(bed)
        for _ in 0..<50 where stored.value("switchboard_store_commit_seconds_count") != stored.value("switchboard_store_commits_total") {
            try await Task.sleep(for: .milliseconds(20))
            stored = try await Self.scrape(bed)
        }
        let commits = try #require(stored.value("switchboard_store_commits_total"))
        #expect(commits >= 1)
        #expect(stored.value("switchboard_store_commit_seconds_count") == commits)
        #expect(stored.value("switchboard_store_batch_events_count") == commits)
        #expect(stored.value("switchboard_store_batch_events_sum") == stored.value("switchboard_store_committed_events_total"))
        #expect(stored.value("switchboard_store_failures_total") == 0)
        #expect(stored.value("switchboard_store_pending_events") == 0)
        #expect(stored.value("switchboard_store_accepting_work") == 1)
        #expect(stored.types["switchboard_store_commit_seconds"] == "histogram")
        #expect(stored.types["switchboard_queue_offered"] == "counter")
        #expect(stored.types["switchboard_queue_waiting"] == "gauge")
        // The transport's and the connection policy's own series are on the same page.
        #expect(stored.value("switchboard_websockets_open") == 3)
        #expect(stored.value("switchboard_login_failures_total") == 0)
        // No series carries an interaction, customer or agent id.
        let labels = Set(stored.samples.flatMap(\.labels.values))
        #expect(labels.isDisjoint(with: ["v1", "v2", "w1", "C-7", "a1", "a2", "a3"]))
        await bed.stop()
    }

    /// Every metric the shipped Grafana dashboard's PromQL names is served.
    @Test func theDashboardUsesOnlyServedSeries() async throws {
        let path = ServerStoreTests.databasePath()
        defer { ServerStoreTests.removeDatabase(path) }
        let bed = try await TestBed(store: try ServerStoreTests.openStore(path))
        let scrape = try await Self.scrape(bed)
        await bed.stop()

        let dashboard = PythonTools.packageRoot.appendingPathComponent("docs/grafana/switchboard.json")
        let json = try JSONSerialization.jsonObject(with: try Data(contentsOf: dashboard))
        var expressions: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                for (key, member) in object {
                    if key == "expr" || key == "query", let text = member as? String { expressions.append(text) } else { walk(member) }
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(json)
        #expect(expressions.count >= 10)
        let pattern = try Regex(#"switchboard_[a-z_]+"#)
        var named = Set<String>()
        for expression in expressions {
            for match in expression.matches(of: pattern) { named.insert(String(expression[match.range])) }
        }
        #expect(!named.isEmpty)
        let missing = named.subtracting(scrape.names)
        #expect(missing.isEmpty, "the dashboard names series the server does not serve: \(missing.sorted())")
    }
}
