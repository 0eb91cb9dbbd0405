/// A queue's configuration resolved for routing: skills interned, durations in nanoseconds, the
/// requirement set of every relaxation step precomputed.
struct CompiledQueue {
    var configuration: QueueConfiguration
    var channelMask: UInt8
    /// Requirements after 0, 1, … relaxation steps of the queue's default requirements.
    var requirementsByStep: [[Requirement]]
    var steps: [CompiledStep]
    /// Milli-points per second.
    var agingRate: Int64
    var maxWait: Int64?
    var overflowTarget: Int32?
    var endReason: String
    var maxSize: Int
    var wrapUp: Int64
    var offerTimeout: Int64
    var serviceLevelThreshold: Int64
    var parallelOffers: Int
    var rejectionSkip: Int64
    /// The configuration's `minimumStage` as a rank (0 admits every stage).
    var minimumStage: UInt8
    /// The configuration's `newAgentDemandingChats` (`Int32.max` caps nothing).
    var newAgentDemandingChats: Int32

    var id: QueueID { configuration.id }
    var strategy: RoutingStrategy { configuration.strategy }

    /// Requirements of `base` after `step` relaxation steps.
    func relaxed(_ base: [Requirement], step: Int) -> [Requirement] {
        guard step > 0 else { return base }
        let applied = steps.prefix(step)
        return base.compactMap { r in
            var lower: Int32 = 0
            for s in applied {
                if s.dropSkills.contains(r.skill) { return nil }
                if s.lowerSkill == nil || s.lowerSkill == r.skill { lower += Int32(s.lowerLevelsBy) }
            }
            return Requirement(skill: r.skill, level: max(1, r.level - lower))
        }
    }
}

struct CompiledStep {
    var after: Int64
    var lowerLevelsBy: Int
    /// The interned skill lowered by this step; nil lowers every required skill.
    var lowerSkill: Int32?
    var dropSkills: [Int32]
}
