public import JWTKit

/// A token's claims as they are, whatever the provider puts in them; ``IdentityTokenCheck`` reads
/// the registered ones (`iss`, `aud`, `exp`, `nbf`) and the configured ones (role, agent id…).
///
/// Decoding checks nothing (``verify(using:)`` is empty): jwt-kit verifies the signature, the
/// checks of time and audience are pure code with the clock passed in.
public struct IdentityClaims: JWTPayload, Sendable, Equatable {
    /// One claim's value, reduced to what a check can use.
    public enum Value: Sendable, Equatable, Codable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case strings([String])
        /// An object, null, or a list that is not only strings.
        case other

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let list = try? container.decode([String].self) {
                self = .strings(list)
            } else {
                self = .other
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .bool(let flag): try container.encode(flag)
            case .strings(let list): try container.encode(list)
            case .other: try container.encodeNil()
            }
        }
    }

    public var values: [String: Value]

    public init(_ values: [String: Value]) {
        self.values = values
    }

    public subscript(name: String) -> Value? { values[name] }

    /// The claim as text, when it is one.
    public func string(_ name: String) -> String? {
        if case .string(let text)? = values[name] { return text }
        return nil
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: Value] = [:]
        for key in container.allKeys {
            values[key.stringValue] = try container.decode(Value.self, forKey: key)
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values {
            try container.encode(value, forKey: Key(stringValue: name))
        }
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
