/// A skill agents can hold and queues can require, declared once under `skills:`.
public struct SkillDefinition: Sendable, Hashable {
    /// The skill's name, used in requirements and agent skill maps.
    public var name: String
    /// Free text for operators.
    public var description: String?

    public init(name: String, description: String? = nil) {
        self.name = name
        self.description = description
    }

    /// Proficiency and minimum levels are whole numbers in this range.
    public static let levelRange: ClosedRange<Int> = 1...10
}
