import Foundation
import SwitchboardHTTP
import SwitchboardMessages
import SwitchboardTesting
import Testing
@testable import SwitchboardAPI

@Suite struct OpenAPIDocumentTests {
    @Test func embeddedDocumentIsTheFileByteForByte() throws {
        let file = try Data(contentsOf: PythonTools.packageRoot.appendingPathComponent("Sources/SwitchboardAPI/openapi.yaml"))
        #expect(Array(OpenAPIDocument.yaml.utf8) == Array(file))
    }

    @Test func everyErrorCodeHasItsStatus() {
        let table: [(String, Int)] = [("bad_request", 400), ("unauthorized", 401), ("forbidden", 403), ("not_found", 404), ("conflict", 409),
                                      ("limit_exceeded", 429), ("unavailable", 503), ("internal_error", 500)]
        for (code, status) in table {
            #expect(APIProblem.status(for: .init(rawValue: code)!).code == status, "\(code)")
        }
    }
}
