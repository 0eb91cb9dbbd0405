import Foundation
import SwitchboardTesting
import Testing

/// schemathesis (PyPI) generates requests from the served `openapi.yaml` and checks every answer of
/// the running server: no 5xx, and each response (problem details included) matches the schema.
@Suite(.serialized)
struct SchemathesisTests {
    @Test(arguments: ["gw-token", "sup-token"])
    func generatedRequestsGetNoServerErrorAndConformingResponses(token: String) async throws {
        try await PythonTools.prepare()
        let bed = try await RESTBed()
        let base = "http://127.0.0.1:\(bed.port)"
        // Run from a scratch folder: schemathesis keeps a `.schemathesis/` cache in its working directory.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-schemathesis-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let run = try await ScriptRun.run([
            "/bin/sh", "-c", #"cd "$1" && shift && exec "$@""#, "sh", scratch,
            PythonTools.command("schemathesis"), "run", "\(base)/v1/openapi.yaml", "--url", base,
            "-H", "Authorization: Bearer \(token)", "--checks", "not_a_server_error,response_schema_conformance",
            "--max-examples", "20", "--seed", "18", "--generation-database", "none", "--no-color",
            // The event stream never ends by itself: EventStreamSSETests checks it.
            "--exclude-path", "/v1/events",
        ], timeLimit: .seconds(90))
        #expect(run.succeeded, "\(run.report)")
        #expect(run.output.contains("passed"))
        await bed.stop()
    }
}
