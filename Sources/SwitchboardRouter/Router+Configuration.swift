import DequeModule
import HeapModule

extension Router {
    /// Validates a configuration completely and resolves it for routing; nothing is applied here.
    static func compile(
        _ configuration: RoutingConfiguration,
        skills: inout SkillTable
    ) throws(RoutingError) -> (queues: [CompiledQueue], index: [QueueID: Int32]) {
        var index: [QueueID: Int32] = [:]
        for (i, queue) in configuration.queues.enumerated() {
            guard index[queue.id] == nil else {
                throw .invalidConfiguration(field: "queues.id", value: queue.id.rawValue, reason: "duplicate queue id")
            }
            index[queue.id] = Int32(i)
        }
        var seenAgents: Set<AgentID> = []
        for agent in configuration.agents {
            guard seenAgents.insert(agent.id).inserted else {
                throw .invalidConfiguration(field: "agents.id", value: agent.id.rawValue, reason: "duplicate agent id")
            }
            try validate(agent)
        }
        var compiled: [CompiledQueue] = []
        for queue in configuration.queues {
            compiled.append(try compile(queue, index: index, all: configuration.queues, skills: &skills))
        }
        return (compiled, index)
    }

    static func validate(_ agent: AgentProfile) throws(RoutingError) {
        let field = "agents[\(agent.id)]"
        for (skill, level) in agent.skills where !(1...10).contains(level) {
            throw .invalidConfiguration(field: "\(field).skills.\(skill)", value: "\(level)", reason: "proficiency must be 1...10")
        }
        for (channel, n) in agent.capacity where !(0...50).contains(n) {
            throw .invalidConfiguration(field: "\(field).capacity.\(channel.rawValue)", value: "\(n)", reason: "capacity must be 0...50")
        }
        if let total = agent.totalCapacity, !(1...300).contains(total) {
            throw .invalidConfiguration(field: "\(field).totalCapacity", value: "\(total)", reason: "total capacity must be 1...300")
        }
    }

    static func validateRequirements(_ requirements: [String: Int], field: String) throws(RoutingError) {
        for (skill, level) in requirements where !(1...10).contains(level) {
            throw .invalidConfiguration(field: "\(field).\(skill)", value: "\(level)", reason: "minimum level must be 1...10")
        }
    }

    private static func compile(
        _ queue: QueueConfiguration,
        index: [QueueID: Int32],
        all: [QueueConfiguration],
        skills: inout SkillTable
    ) throws(RoutingError) -> CompiledQueue {
        let field = "queues[\(queue.id)]"
        func invalid(_ name: String, _ value: String, _ reason: String) -> RoutingError {
            .invalidConfiguration(field: "\(field).\(name)", value: value, reason: reason)
        }
        guard !queue.channels.isEmpty else { throw invalid("channels", "[]", "a queue needs at least one channel") }
        try validateRequirements(queue.requirements, field: "\(field).requirements")
        guard queue.agingPointsPerSecond.isFinite, (0...100).contains(queue.agingPointsPerSecond) else {
            throw invalid("agingPointsPerSecond", "\(queue.agingPointsPerSecond)", "must be 0...100")
        }
        var previous = Duration.zero
        for (i, step) in queue.relaxation.enumerated() {
            guard step.after > .zero, step.after >= previous else {
                throw invalid("relaxation[\(i)].after", "\(step.after)", "steps must come after 0 s, in increasing order")
            }
            guard (0...10).contains(step.lowerLevelsBy) else {
                throw invalid("relaxation[\(i)].lowerLevelsBy", "\(step.lowerLevelsBy)", "must be 0...10")
            }
            previous = step.after
        }
        if let maxWait = queue.maxWait, maxWait <= .zero {
            throw invalid("maxWait", "\(maxWait)", "must be positive")
        }
        var overflowTarget: Int32?
        var endReason = "max_wait"
        switch queue.onMaxWait {
        case .overflow(let target):
            guard let t = index[target] else { throw invalid("onMaxWait.overflow", target.rawValue, "unknown queue") }
            guard target != queue.id else { throw invalid("onMaxWait.overflow", target.rawValue, "a queue cannot overflow into itself") }
            let targetChannels = all[Int(t)].channels
            guard queue.channels.isSubset(of: targetChannels) else {
                throw invalid("onMaxWait.overflow", target.rawValue, "target queue does not accept all of this queue's channels")
            }
            overflowTarget = t
        case .end(let reason):
            endReason = reason
        }
        if let maxSize = queue.maxSize, maxSize < 0 { throw invalid("maxSize", "\(maxSize)", "must be 0 or more") }
        guard queue.wrapUp >= .zero else { throw invalid("wrapUp", "\(queue.wrapUp)", "must not be negative") }
        guard queue.offerTimeout > .zero else { throw invalid("offerTimeout", "\(queue.offerTimeout)", "must be positive") }
        guard queue.serviceLevelThreshold >= .zero else {
            throw invalid("serviceLevelThreshold", "\(queue.serviceLevelThreshold)", "must not be negative")
        }
        guard (1...100).contains(queue.parallelOffers) else {
            throw invalid("parallelOffers", "\(queue.parallelOffers)", "must be 1...100")
        }
        guard queue.rejectionSkip > .zero else { throw invalid("rejectionSkip", "\(queue.rejectionSkip)", "must be positive") }
        if let cap = queue.newAgentDemandingChats, cap < 0 {
            throw invalid("newAgentDemandingChats", "\(cap)", "must be 0 or more")
        }

        let base = skills.requirements(queue.requirements)
        let steps = queue.relaxation.map { step in
            CompiledStep(
                after: step.after.clampedNanoseconds,
                lowerLevelsBy: step.lowerLevelsBy,
                lowerSkill: step.lowerSkill.map { skills.intern($0) },
                dropSkills: step.dropSkills.sorted().map { skills.intern($0) }
            )
        }
        var compiled = CompiledQueue(
            configuration: queue,
            channelMask: queue.channels.reduce(0) { $0 | $1.bit },
            requirementsByStep: [base],
            steps: steps,
            agingRate: Int64((queue.agingPointsPerSecond * 1000).rounded()),
            maxWait: queue.maxWait?.clampedNanoseconds,
            overflowTarget: overflowTarget,
            endReason: endReason,
            maxSize: queue.maxSize ?? Int.max,
            wrapUp: queue.wrapUp.clampedNanoseconds,
            offerTimeout: queue.offerTimeout.clampedNanoseconds,
            serviceLevelThreshold: queue.serviceLevelThreshold.clampedNanoseconds,
            parallelOffers: queue.parallelOffers,
            rejectionSkip: queue.rejectionSkip.clampedNanoseconds,
            minimumStage: queue.minimumStage?.rank ?? 0,
            newAgentDemandingChats: queue.newAgentDemandingChats.map { Int32(clamping: $0) } ?? .max
        )
        compiled.requirementsByStep = (0...steps.count).map { compiled.relaxed(base, step: $0) }
        return compiled
    }
}
