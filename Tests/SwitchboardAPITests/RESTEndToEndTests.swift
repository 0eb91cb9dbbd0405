import Foundation
import SwitchboardConfig
import SwitchboardStore
import SwitchboardTesting
import Testing

/// The REST API over real sockets against the in-process server with a store.
@Suite(.serialized)
struct RESTEndToEndTests {
    @Test func aSourcesSessionCreatesReplaysReadsAndCancels() async throws {
        let bed = try await RESTBed()
        let port = bed.port
        let body = #"{"id":"call-1","channel":"voice","queue":"sales","customerId":"c-9","attributes":{"topic":"upgrade"}}"#
        let created = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: body)
        #expect(created.status == 201)
        #expect(created.json["id"] as? String == "call-1")
        #expect(created.json["status"] as? String == "waiting")
        #expect(created.json["position"] as? Int == 1)
        #expect(created.headers["x-request-id"]?.count == 16)

        let replayed = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: body)
        #expect(replayed.status == 200)
        #expect(replayed.json["id"] as? String == "call-1")

        // The Idempotency-Key names the interaction when the body does not.
        let keyed = #"{"channel":"voice","queue":"sales"}"#
        let first = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: keyed, headers: [("Idempotency-Key", "k-77")])
        let again = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: keyed, headers: [("Idempotency-Key", "k-77")])
        #expect(first.status == 201 && again.status == 200)
        #expect(first.json["id"] as? String == "k-77" && again.json["id"] as? String == "k-77")
        #expect(again.json["position"] as? Int == 2)

        // Another source may not reuse the id, nor see the interaction.
        let stolen = try await http("POST", "/v1/interactions", port: port, token: "gw2-token", body: body)
        #expect(stolen.status == 409)
        #expect(stolen.json["code"] as? String == "conflict")
        #expect(try await http("GET", "/v1/interactions/call-1", port: port, token: "gw2-token").status == 404)

        let status = try await http("GET", "/v1/interactions/k-77", port: port, token: "gw-token")
        #expect(status.status == 200)
        #expect(status.json["status"] as? String == "waiting")
        #expect(status.json["position"] as? Int == 2)
        #expect(status.json["queue"] as? String == "sales")
        #expect(status.json.keys.contains("estimatedWaitMs") || status.json["estimatedWaitMs"] == nil)

        let cancelled = try await http("DELETE", "/v1/interactions/call-1?reason=customer%20hung%20up", port: port, token: "gw-token")
        #expect(cancelled.status == 200)
        #expect(cancelled.json["status"] as? String == "abandoned")
        #expect(cancelled.json["reason"] as? String == "customer hung up")
        let after = try await http("GET", "/v1/interactions/call-1", port: port, token: "sup-token")
        #expect(after.status == 200 && after.json["status"] as? String == "abandoned")
        let twice = try await http("DELETE", "/v1/interactions/call-1", port: port, token: "gw-token")
        #expect(twice.status == 409)
        // The one behind moved up.
        #expect(try await http("GET", "/v1/interactions/k-77", port: port, token: "gw-token").json["position"] as? Int == 1)

        let queues = try await http("GET", "/v1/queues", port: port, token: "sup-token")
        #expect(queues.status == 200)
        let list = queues.json["queues"] as? [[String: Any]] ?? []
        #expect(list.count == 1 && list.first?["name"] as? String == "sales" && list.first?["waiting"] as? Int == 1)
        let sales = try await http("GET", "/v1/queues/sales", port: port, token: "admin-token")
        #expect(sales.status == 200 && sales.json["abandoned"] as? Int == 1)
        #expect(try await http("GET", "/v1/queues/nope", port: port, token: "sup-token").status == 404)
        let agents = try await http("GET", "/v1/agents", port: port, token: "sup-token")
        let lines = agents.json["agents"] as? [[String: Any]] ?? []
        #expect(agents.status == 200 && lines.map { $0["id"] as? String } == ["a1", "a2"])
        #expect(lines.first?["state"] as? String == "offline")
        await bed.stop()
    }

    @Test func refusalsAreProblemDetailsWithTheWebSocketCodes() async throws {
        let bed = try await RESTBed()
        let port = bed.port
        let missing = try await http("GET", "/v1/queues", port: port)
        #expect(missing.status == 401)
        #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(missing.headers["content-type"] == "application/problem+json")
        let bad = try await http("GET", "/v1/queues", port: port, token: "wrong", headers: [("X-Request-Id", "trace-42")])
        #expect(bad.status == 401)
        #expect(bad.json["code"] as? String == "unauthorized")
        #expect(bad.json["type"] as? String == "urn:switchboard:problem:unauthorized")
        #expect(bad.json["title"] as? String == "Unauthorized")
        #expect(bad.json["status"] as? Int == 401)
        #expect(bad.json["requestId"] as? String == "trace-42")
        #expect(bad.json["instance"] as? String == "urn:switchboard:request:trace-42")
        #expect(bad.headers["x-request-id"] == "trace-42")

        let wrongRole = try await http("GET", "/v1/agents", port: port, token: "gw-token")
        #expect(wrongRole.status == 403 && wrongRole.json["code"] as? String == "forbidden")
        let supervisorPost = try await http("POST", "/v1/interactions", port: port, token: "sup-token", body: #"{"channel":"voice","queue":"sales"}"#)
        #expect(supervisorPost.status == 403)
        let agentRead = try await http("GET", "/v1/interactions/x", port: port, token: "a1-token")
        #expect(agentRead.status == 403)

        let badField = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: #"{"channel":"voice","queue":"sales","priority":500}"#)
        #expect(badField.status == 400)
        #expect((badField.json["detail"] as? String)?.contains("priority") == true)
        let badType = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: #"{"channel":"voice","queue":7}"#)
        #expect(badType.status == 400)
        #expect((badType.json["detail"] as? String)?.contains("queue") == true)
        let notJSON = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: "{nope")
        #expect(notJSON.status == 400 && notJSON.json["code"] as? String == "bad_request")
        let unknownQueue = try await http("POST", "/v1/interactions", port: port, token: "gw-token", body: #"{"channel":"voice","queue":"nope"}"#)
        #expect(unknownQueue.status >= 400 && unknownQueue.status < 500)
        let unknownId = try await http("GET", "/v1/interactions/never", port: port, token: "gw-token")
        #expect(unknownId.status == 404 && unknownId.json["code"] as? String == "not_found")
        #expect(try await http("DELETE", "/v1/interactions/never", port: port, token: "gw-token").status == 404)
        let wrongMethod = try await http("PUT", "/v1/queues", port: port, token: "sup-token")
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "GET")
        #expect(try await http("GET", "/v1/nothing", port: port, token: "sup-token").status == 404)
        await bed.stop()
    }

    @Test func failedBearerLoginsCountTowardTheAddressLockout() async throws {
        let bed = try await RESTBed { config in
            config.server.limits.failedLoginsBeforeLockout = 3
            config.server.limits.loginLockoutSeconds = 60
        }
        for _ in 0..<3 {
            #expect(try await http("GET", "/v1/queues", port: bed.port, token: "guess").status == 401)
        }
        let locked = try await http("GET", "/v1/queues", port: bed.port, token: "sup-token")
        #expect(locked.status == 429)
        #expect(locked.json["code"] as? String == "limit_exceeded")
        #expect(locked.headers["retry-after"] != nil)
        await bed.stop()
    }

    @Test func aRESTEnqueueIsOfferedToAnAgentOnTheWebSocketAndItsSourceSessionHearsOfIt() async throws {
        let bed = try await RESTBed()
        // The same source also holds a WebSocket session: it hears of the REST interaction as of its own.
        let session = try await bed.login("gw-token")
        let agent = try await bed.login("a1-token")
        let created = try await http("POST", "/v1/interactions", port: bed.port, token: "gw-token",
                                     body: #"{"id":"rest-1","channel":"voice","queue":"sales"}"#)
        #expect(created.status == 201)
        try await agent.expect(#""type":"offer""#, "rest-1")
        try await session.expect(#""type":"interaction""#, "rest-1", #""event":"offered""#)
        try await agent.send(#"{"type":"accept","interactionId":"rest-1","ref":"r1"}"#)
        try await agent.expect(#""type":"ok""#, "r1")
        let status = try await http("GET", "/v1/interactions/rest-1", port: bed.port, token: "gw-token")
        #expect(status.json["status"] as? String == "assigned")
        #expect(status.json["agentId"] as? String == "a1")
        let agents = try await http("GET", "/v1/agents", port: bed.port, token: "sup-token")
        let a1 = (agents.json["agents"] as? [[String: Any]])?.first { $0["id"] as? String == "a1" }
        #expect(a1?["state"] as? String == "busy")
        await session.close()
        await agent.close()
        await bed.stop()
    }

    @Test func theCreatedAnswerComesOnlyOnceTheRowIsInTheStore() async throws {
        let bed = try await RESTBed()
        for index in 0..<5 {
            let id = "durable-\(index)"
            let created = try await http("POST", "/v1/interactions", port: bed.port, token: "gw-token",
                                         body: #"{"id":"\#(id)","channel":"voice","queue":"sales"}"#)
            #expect(created.status == 201)
            let row = try await bed.committedRow(id)
            #expect(row?.source == "gw")
        }
        await bed.stop()
    }

    @Test func theOpenAPIDocumentIsServedAsTheFile() async throws {
        let bed = try await RESTBed()
        let reply = try await http("GET", "/v1/openapi.yaml", port: bed.port)
        let file = try String(contentsOf: PythonTools.packageRoot.appendingPathComponent("Sources/SwitchboardAPI/openapi.yaml"), encoding: .utf8)
        #expect(reply.status == 200)
        #expect(reply.body == file)
        #expect(reply.headers["content-type"]?.hasPrefix("application/yaml") == true)
        await bed.stop()
    }
}
