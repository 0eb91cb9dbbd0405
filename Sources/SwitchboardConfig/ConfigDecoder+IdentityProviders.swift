import Yams

/// `identity_providers:`: the issuers whose signed tokens (JWTs) log clients in.
extension ConfigDecoder {
    /// `secret` is known only to be refused with a pointer to the two ways a secret is given.
    static let identityProviderKeys = ["issuer", "audience", "secret_file", "secret_env", "public_key_file", "jwks_file",
                                       "clock_skew_seconds", "claims", "roles", "secret"]
    static let keySourceKeys = ["secret_file", "secret_env", "public_key_file", "jwks_file"]
    static let claimNameKeys = ["role", "agent", "source", "name"]

    mutating func identityProviders(_ node: Node, path: String) -> [IdentityProvider] {
        let providers = list(node, path: path) { $0.identityProvider($1, path: $2) }
        var seen: Set<String> = []
        for (index, provider) in providers.enumerated() where !seen.insert(provider.issuer).inserted {
            let itemPath = "\(path)[\(reader.sourceMap.sourceIndex(of: index, in: path))].issuer"
            let location = reader.sourceMap[itemPath]
            reader.report(ConfigProblem(kind: .duplicateID, file: reader.file, line: location?.line, column: location?.column, path: itemPath,
                                        message: "issuer \"\(provider.issuer)\" is configured twice (one entry per issuer)"))
        }
        return providers
    }

    private mutating func identityProvider(_ node: Node, path: String) -> IdentityProvider? {
        guard let fields = reader.fields(node, path: path, allowed: Self.identityProviderKeys) else { return nil }
        func p(_ key: String) -> String { "\(path).\(key)" }
        let issuer = reader.value(fields, "issuer", required: true).flatMap { nonEmpty($0, path: p("issuer")) }
        let audiences = reader.value(fields, "audience", required: true).flatMap { audienceList($0, path: p("audience")) }

        let given = Self.keySourceKeys.filter { reader.value(fields, $0) != nil }
        var keySource: IdentityProvider.KeySource?
        var keys: [IdentityKey]?
        if let inline = reader.value(fields, "secret") {
            reader.report(.weakToken, at: inline, path: p("secret"),
                          "a secret is never written in the configuration; put it in a file (secret_file) or an environment variable (secret_env)")
        } else if given.isEmpty {
            reader.report(.missingKey, at: node, path: path,
                          "an identity provider needs one of \(Self.keySourceKeys.joined(separator: ", ")) (its signing key)")
        } else if given.count > 1 {
            reader.report(.invalidValue, at: reader.value(fields, given[1]), path: p(given[1]),
                          "give only one key source; \(given[0]) is given too")
        } else if let keyNode = reader.value(fields, given[0]), let text = nonEmpty(keyNode, path: p(given[0])) {
            let source: IdentityProvider.KeySource = switch given[0] {
            case "secret_file": .secretFile(text)
            case "secret_env": .secretEnvironment(text)
            case "public_key_file": .publicKeyFile(text)
            default: .jwksFile(text)
            }
            keySource = source
            do {
                keys = try IdentityKeyReader.keys(from: source, environment: environment)
            } catch {
                reader.report(.unusableKey, at: keyNode, path: p(given[0]), error.description)
            }
        }

        var clockSkew = 60.0
        if let n = reader.value(fields, "clock_skew_seconds"),
           let v = reader.double(n, path: p("clock_skew_seconds"), range: IdentityProvider.clockSkewRange) {
            clockSkew = v
        }
        var claims = IdentityProvider.ClaimNames()
        if let n = reader.value(fields, "claims"), let claimFields = reader.fields(n, path: p("claims"), allowed: Self.claimNameKeys) {
            func name(_ key: String) -> String? {
                reader.value(claimFields, key).flatMap { nonEmpty($0, path: "\(path).claims.\(key)") }
            }
            if let v = name("role") { claims.role = v }
            if let v = name("agent") { claims.agent = v }
            if let v = name("source") { claims.source = v }
            if let v = name("name") { claims.name = v }
        }
        var roleValues: [String: Role] = [:]
        if let n = reader.value(fields, "roles"), let entries = reader.entries(n, path: p("roles")) {
            for entry in entries {
                if let role: Role = reader.choice(entry.value, path: "\(path).roles.\(entry.key)", what: "role") {
                    roleValues[entry.key] = role
                }
            }
        }
        guard let issuer, let audiences, let keySource, let keys else { return nil }
        var provider = IdentityProvider(issuer: issuer, audiences: audiences, keySource: keySource, keys: keys)
        provider.clockSkewSeconds = clockSkew
        provider.claims = claims
        provider.roleValues = roleValues
        return provider
    }

    /// `audience`: one value or a list of them.
    private mutating func audienceList(_ node: Node, path: String) -> [String]? {
        if case .sequence = node {
            guard let nodes = reader.sequence(node, path: path) else { return nil }
            let values = nodes.enumerated().compactMap { nonEmpty($1, path: "\(path)[\($0)]") }
            guard values.count == nodes.count else { return nil }
            guard !values.isEmpty else {
                reader.report(.invalidValue, at: node, path: path, "name at least one audience")
                return nil
            }
            return values
        }
        return nonEmpty(node, path: path).map { [$0] }
    }
}
