/// Where a page of a customer's history starts: strictly before this contact, in the history's order
/// (enqueue instant, then `seq`, both descending). Equal instants are split by `seq`, so no contact is
/// skipped or repeated across pages.
public struct CustomerCursor: Sendable, Hashable {
    /// The enqueue instant of the last contact of the previous page.
    public var enqueuedAt: Int64
    /// That contact's row number (`interactions.seq`).
    public var seq: Int64

    public init(enqueuedAt: Int64, seq: Int64) {
        self.enqueuedAt = enqueuedAt
        self.seq = seq
    }

    /// The most bytes a token may have (the protocol's limit for `before`).
    public static let maximumTokenBytes = 256

    private static let prefix = "c1."

    /// The cursor as clients pass it back in `before`. Opaque to them; the form is `c1.<enqueuedAt>.<seq>`.
    public var token: String {
        "\(Self.prefix)\(enqueuedAt).\(seq)"
    }

    /// A token that is not a customer history cursor.
    public struct InvalidToken: Error, Sendable, Hashable, CustomStringConvertible {
        /// The token as given.
        public var token: String
        /// What is wrong with it.
        public var problem: String

        public var description: String {
            "cursor '\(token.count > 64 ? String(token.prefix(64)) + "…" : token)' is not valid: \(problem)"
        }
    }

    /// Reads a token made by ``token``.
    ///
    /// - Throws: ``InvalidToken`` naming the problem (empty, too long, not this kind of cursor, not numbers).
    public init(parsing token: String) throws(InvalidToken) {
        func invalid(_ problem: String) -> InvalidToken { InvalidToken(token: token, problem: problem) }
        if token.isEmpty { throw invalid("it is empty") }
        if token.utf8.count > Self.maximumTokenBytes { throw invalid("it is longer than \(Self.maximumTokenBytes) bytes") }
        guard token.hasPrefix(Self.prefix) else {
            throw invalid("it is not a customer history cursor (pass back the 'next' of the previous page as it was)")
        }
        let parts = token.dropFirst(Self.prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw invalid("it has \(parts.count) parts after the prefix, expected 2") }
        // `Int64.init` also takes a leading "+": allow only what `token` writes.
        guard let enqueuedAt = Int64(parts[0]), !parts[0].hasPrefix("+") else {
            throw invalid("its instant '\(parts[0])' is not a whole number")
        }
        guard let seq = Int64(parts[1]), !parts[1].hasPrefix("+"), seq > 0 else {
            throw invalid("its position '\(parts[1])' is not a positive whole number")
        }
        self.init(enqueuedAt: enqueuedAt, seq: seq)
    }

    /// Reads a token made by ``token``; `nil` when it is malformed (``init(parsing:)`` says why).
    public init?(token: String) {
        guard let cursor = try? CustomerCursor(parsing: token) else { return nil }
        self = cursor
    }
}
