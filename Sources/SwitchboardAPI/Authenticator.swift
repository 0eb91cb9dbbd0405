import Logging
import SwitchboardConfig
import SwitchboardMessages
import SwitchboardServer
import SwitchboardTransport

/// Checks a request's `Authorization: Bearer <token>` the way a WebSocket `hello` is checked: only
/// through the credential store's `authenticate`, with failures counting toward the same
/// per-address lockout.
struct Authenticator: Sendable {
    let credentials: CredentialStore
    let policy: ConnectionPolicy

    func principal(for request: HTTPApplicationRequest) async throws(APIProblem) -> Principal {
        guard let field = request.head.headers["Authorization"] else {
            throw APIProblem(.unauthorized, "missing credentials: send Authorization: Bearer <token>")
        }
        let parts = field.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIProblem(.unauthorized, "the Authorization header must use the Bearer scheme")
        }
        let token = parts[1].trimmingSpaces
        guard !token.isEmpty else { throw APIProblem(.unauthorized, "the bearer token is empty") }
        let address = request.peerAddress
        if case .lockedOut(let remaining) = policy.admitLogin(from: address) {
            let seconds = max(1, Int((remaining / .seconds(1)).rounded(.up)))
            throw APIProblem(.limitExceeded, "too many failed logins from \(address); try again in \(seconds) s",
                             headers: [("Retry-After", "\(seconds)")])
        }
        guard let principal = await credentials.authenticate(String(token)) else {
            let penalty = policy.loginFailed(from: address)
            request.logger.info("REST login failed", metadata: ["sb.peer": "\(address)", "sb.lockedOut": "\(penalty.lockedOut)"])
            // Like a refused hello: the answer waits, so guessing tokens is slow.
            if penalty.delay > .zero { try? await Task.sleep(for: penalty.delay) }
            throw APIProblem(.unauthorized, "unknown token")
        }
        policy.loginSucceeded(from: address)
        return principal
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
