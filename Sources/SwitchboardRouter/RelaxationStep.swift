/// A widening of a queue's requirements after an interaction has waited `after` in the queue.
///
/// Steps apply cumulatively in order: after the second step's time, both steps are in force.
/// A minimum level lowered to 0 or below no longer requires the skill at all.
public struct RelaxationStep: Hashable, Sendable {
    /// Time waited in this queue before the step applies.
    public var after: Duration
    /// Points subtracted from every required minimum level.
    public var lowerLevelsBy: Int
    /// Skills no longer required at all.
    public var dropSkills: Set<String>

    public init(after: Duration, lowerLevelsBy: Int = 0, dropSkills: Set<String> = []) {
        self.after = after
        self.lowerLevelsBy = lowerLevelsBy
        self.dropSkills = dropSkills
    }
}
