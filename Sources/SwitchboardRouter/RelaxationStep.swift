/// A widening of a queue's requirements after an interaction has waited `after` in the queue.
///
/// Steps apply cumulatively in order: after the second step's time, both steps are in force.
/// Lowering never takes a minimum level below 1: the skill stays required (bullseye routing widens
/// proficiency first); only `dropSkills` stops requiring a skill at all.
public struct RelaxationStep: Hashable, Sendable {
    /// Time waited in this queue before the step applies.
    public var after: Duration
    /// Points subtracted from the required minimum levels (floored at 1).
    public var lowerLevelsBy: Int
    /// The one skill whose level is lowered; nil lowers every required skill.
    public var lowerSkill: String?
    /// Skills no longer required at all.
    public var dropSkills: Set<String>

    public init(after: Duration, lowerLevelsBy: Int = 0, lowerSkill: String? = nil, dropSkills: Set<String> = []) {
        self.after = after
        self.lowerLevelsBy = lowerLevelsBy
        self.lowerSkill = lowerSkill
        self.dropSkills = dropSkills
    }
}
