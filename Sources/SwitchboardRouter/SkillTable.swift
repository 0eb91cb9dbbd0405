/// Skill names interned to dense ids, so agents keep proficiencies in a flat array indexed by id.
///
/// Append-only: an id stays valid for the router's life, across reconfigurations.
struct SkillTable {
    private(set) var ids: [String: Int32] = [:]
    private(set) var names: [String] = []

    var count: Int { names.count }

    mutating func intern(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        ids[name] = id
        names.append(name)
        return id
    }

    /// Requirements sorted by skill id, levels clamped into 1...10 by validation beforehand.
    mutating func requirements(_ dictionary: [String: Int]) -> [Requirement] {
        var result: [Requirement] = []
        result.reserveCapacity(dictionary.count)
        for (name, level) in dictionary where level > 0 {
            result.append(Requirement(skill: intern(name), level: Int32(level)))
        }
        result.sort { $0.skill < $1.skill }
        return result
    }
}

/// One interned requirement: proficiency in `skill` at least `level`.
struct Requirement: Hashable {
    var skill: Int32
    var level: Int32
}
