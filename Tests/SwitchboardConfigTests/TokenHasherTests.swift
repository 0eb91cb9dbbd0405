import Testing
import SwitchboardConfig

@Suite struct TokenHasherTests {
    @Test func hashesMatchTheSHA256TestVector() {
        #expect(TokenHasher.hash("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TokenHasher.hash("") == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func tokenHashRoundTripsThroughItsText() throws {
        let text = TokenHasher.hash("agent-alice-demo")
        let parsed = try #require(TokenHash(text))
        #expect(parsed.description == text)
        #expect(TokenHash(text.uppercased().replacingOccurrences(of: "SHA256:", with: "sha256:")) == parsed)
    }

    @Test func malformedHashTextIsRejected() {
        #expect(TokenHash("sha256:abc") == nil)
        #expect(TokenHash("md5:" + String(repeating: "a", count: 64)) == nil)
        #expect(TokenHash("sha256:" + String(repeating: "g", count: 64)) == nil)
    }

    @Test func constantTimeComparisonDistinguishesEveryByte() throws {
        let a = TokenHasher.digest("one")
        var bytes = a.bytes
        bytes[31] ^= 1
        let b = try #require(TokenHash(bytes: bytes))
        #expect(a.constantTimeEquals(a))
        #expect(!a.constantTimeEquals(b))
    }

    @Test func principalLookupFindsOnlyTheMatchingToken() {
        let credentials = Credentials(entries: [
            Credential(principal: .agent(id: "alice"), tokenHash: TokenHasher.digest("alice-token")),
            Credential(principal: .admin(name: nil), tokenHash: TokenHasher.digest("admin-token")),
        ])
        #expect(credentials.principal(forToken: "alice-token") == .agent(id: "alice"))
        #expect(credentials.principal(forToken: "admin-token")?.role == .admin)
        #expect(credentials.principal(forToken: "alice-token ") == nil)
        #expect(credentials.principal(forToken: "") == nil)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
