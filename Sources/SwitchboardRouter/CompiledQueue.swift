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

    var id: QueueID { configuration.id }
    var strategy: RoutingStrategy { configuration.strategy }

    /// Requirements of `base` after `step` relaxation steps.
    func relaxed(_ base: [Requirement], step: Int) -> [Requirement] {
        guard step > 0 else { return base }
        var lower: Int32 = 0
        var dropped: Set<Int32> = []
        for s in steps.prefix(step) {
            lower += Int32(s.lowerLevelsBy)
            dropped.formUnion(s.dropSkills)
        }
        return base.compactMap { r in
            guard !dropped.contains(r.skill), r.level - lower >= 1 else { return nil }
            return Requirement(skill: r.skill, level: r.level - lower)
        }
    }
}

struct CompiledStep {
    var after: Int64
    var lowerLevelsBy: Int
    var dropSkills: [Int32]
}
