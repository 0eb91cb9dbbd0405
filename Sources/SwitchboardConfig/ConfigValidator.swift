import SwitchboardRouter

/// Checks that need the whole configuration: duplicate ids, references between sections, overflow
/// cycles and token reuse. Types and ranges are checked while decoding.
public enum ConfigValidator {
    /// Every cross-reference problem in `config`.
    /// - Parameters:
    ///   - sourceMap: where values sit in the file, for line numbers; empty for configurations built in code.
    ///   - file: the name problems carry.
    public static func validate(_ config: SwitchboardConfiguration, sourceMap: SourceMap = SourceMap(), file: String = "<config>") -> [ConfigProblem] {
        var context = Context(sourceMap: sourceMap, file: file)
        context.checkSkills(config)
        context.checkQueues(config)
        context.checkOverflow(config)
        context.checkRemovedQueueTargets(config)
        context.checkAgents(config)
        context.checkTiers(config)
        context.checkDemandingQueues(config)
        context.checkCredentials(config)
        return context.problems
    }

    private struct Context {
        let sourceMap: SourceMap
        let file: String
        var problems: [ConfigProblem] = []

        mutating func report(_ kind: ConfigProblem.Kind, _ path: String, _ message: String) {
            let location = sourceMap[path]
            problems.append(ConfigProblem(kind: kind, file: file, line: location?.line, column: location?.column, path: path, message: message))
        }

        /// `list[i]` with `i` the element's index in the file.
        func element(_ list: String, _ index: Int) -> String {
            "\(list)[\(sourceMap.sourceIndex(of: index, in: list))]"
        }

        func line(of path: String) -> String {
            sourceMap[path].map { " (line \($0.line))" } ?? ""
        }

        func unknownSkill(_ name: String, known: Set<String>) -> String {
            let hint = Suggestion.closest(to: name, in: known.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
            return "unknown skill \"\(name)\" (declare it under skills:\(hint))"
        }

        // MARK: Checks

        mutating func checkSkills(_ config: SwitchboardConfiguration) {
            var seen: [String: String] = [:]
            for (index, skill) in config.skills.enumerated() {
                let path = element("skills", index)
                if let first = seen[skill.name] {
                    report(.duplicateID, path, "duplicate skill \"\(skill.name)\" (first declared at \(first)\(line(of: first)))")
                } else {
                    seen[skill.name] = path
                }
            }
        }

        mutating func checkQueues(_ config: SwitchboardConfiguration) {
            let skills = Set(config.skills.map(\.name))
            var seen: [String: String] = [:]
            for (index, queue) in config.queues.enumerated() {
                let path = element("queues", index)
                if let first = seen[queue.name] {
                    report(.duplicateID, "\(path).name", "duplicate queue \"\(queue.name)\" (first declared at \(first)\(line(of: first + ".name")))")
                } else {
                    seen[queue.name] = path
                }
                for skill in queue.requirements.keys.sorted() where !skills.contains(skill) {
                    report(.unknownReference, "\(path).requirements.\(skill)", unknownSkill(skill, known: skills))
                }
                // Paths name the file's keys: `skill` for a lowered skill, `drop` for a dropped one.
                for (stepIndex, step) in queue.relaxation.enumerated() {
                    let stepPath = element("\(path).relaxation", stepIndex)
                    if let skill = step.lowerSkill, !skills.contains(skill) {
                        report(.unknownReference, "\(stepPath).skill", unknownSkill(skill, known: skills))
                    }
                    for skill in step.dropSkills.sorted() where !skills.contains(skill) {
                        report(.unknownReference, "\(stepPath).drop", unknownSkill(skill, known: skills))
                    }
                }
            }
        }

        mutating func checkOverflow(_ config: SwitchboardConfiguration) {
            var indexByName: [String: Int] = [:]
            for (index, queue) in config.queues.enumerated() where indexByName[queue.name] == nil {
                indexByName[queue.name] = index
            }
            var targets: [String: String] = [:]
            for (index, queue) in config.queues.enumerated() {
                guard case .overflow(let targetID)? = queue.maxWait?.action else { continue }
                let target = targetID.rawValue
                let path = "\(element("queues", index)).max_wait.overflow"
                guard let targetIndex = indexByName[target] else {
                    let hint = Suggestion.closest(to: target, in: indexByName.keys.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                    report(.unknownReference, path, "unknown queue \"\(target)\" as overflow target\(hint)")
                    continue
                }
                targets[queue.name] = target
                let missing = queue.channels.filter { !config.queues[targetIndex].channels.contains($0) }
                if !missing.isEmpty {
                    let list = missing.map(\.rawValue).joined(separator: ", ")
                    report(.invalidValue, path, "overflow target \"\(target)\" does not take \(list), which \"\(queue.name)\" accepts")
                }
            }
            // Each queue has at most one target, so following targets from any queue either ends or loops;
            // a loop is reported once, at the queue of the loop that comes first in the file.
            var reported: Set<String> = []
            for (index, queue) in config.queues.enumerated() where targets[queue.name] != nil && !reported.contains(queue.name) {
                var chain = [queue.name]
                var current = queue.name
                while let next = targets[current], !reported.contains(next) {
                    if let start = chain.firstIndex(of: next) {
                        let cycle = Array(chain[start...])
                        if cycle.first == queue.name {
                            let path = "\(element("queues", index)).max_wait.overflow"
                            report(.overflowCycle, path, "overflow cycle: \((cycle + [queue.name]).joined(separator: " → "))")
                            reported.formUnion(cycle)
                        }
                        break
                    }
                    chain.append(next)
                    current = next
                }
            }
        }

        mutating func checkRemovedQueueTargets(_ config: SwitchboardConfiguration) {
            let queues = Set(config.queues.map(\.name))
            for (removed, target) in config.reload.removedQueueTargets.sorted(by: { $0.key < $1.key }) {
                let path = "reload.removed_queues.\(removed)"
                if queues.contains(removed) {
                    report(.invalidValue, path, "queue \"\(removed)\" is still configured; only removed queues can be moved")
                } else if !queues.contains(target) {
                    let hint = Suggestion.closest(to: target, in: queues.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                    report(.unknownReference, path, "unknown queue \"\(target)\" as target for the waiting interactions of removed queue \"\(removed)\"\(hint)")
                }
            }
        }

        mutating func checkAgents(_ config: SwitchboardConfiguration) {
            let skills = Set(config.skills.map(\.name))
            var seen: [String: String] = [:]
            for (index, agent) in config.agents.enumerated() {
                let path = element(sourceMap.rosterPath, index)
                if let first = seen[agent.id] {
                    report(.duplicateID, "\(path).id", "duplicate agent id \"\(agent.id)\" (first declared at \(first)\(line(of: first + ".id")))")
                } else {
                    seen[agent.id] = path
                }
                for skill in agent.skills.keys.sorted() where !skills.contains(skill) {
                    report(.unknownReference, "\(path).skills.\(skill)", unknownSkill(skill, known: skills))
                }
            }
        }

        mutating func checkTiers(_ config: SwitchboardConfiguration) {
            let agents = Set(config.agents.map(\.id))
            let groups = Set(config.agents.flatMap(\.groups))
            var seen: [String: String] = [:]
            for (index, tier) in config.tiers.enumerated() {
                let path = element("tiers", index)
                if let first = seen[tier.name] {
                    report(.duplicateID, "\(path).name", "duplicate tier \"\(tier.name)\" (first declared at \(first)\(line(of: first + ".name")))")
                } else {
                    seen[tier.name] = path
                }
                for (agentIndex, id) in tier.agents.enumerated() where !agents.contains(id) {
                    let hint = Suggestion.closest(to: id, in: agents.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                    report(.unknownReference, element("\(path).agents", agentIndex), "unknown agent \"\(id)\" (declare it under agents:\(hint))")
                }
                // Groups exist only through the agents in them: a group nobody is in is most likely misspelt.
                for (groupIndex, group) in tier.groups.enumerated() where !groups.contains(group) {
                    let hint = Suggestion.closest(to: group, in: groups.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                    report(.unknownReference, element("\(path).groups", groupIndex),
                           "no agent is in group \"\(group)\" (add it to an agent's groups\(hint))")
                }
                // Unknown agents count as dedicated here: they are reported above, and once is enough.
                let dedicated = Set(tier.agents).union(tier.dedicatedAgents(in: config.agents)).count
                if tier.reserve > dedicated {
                    report(.outOfRange, "\(path).reserve",
                           "\(tier.reserve) is out of range (expected 0 to \(dedicated) = the agents dedicated to the tier)")
                }
            }
        }

        mutating func checkDemandingQueues(_ config: SwitchboardConfiguration) {
            let queues = Set(config.queues.map(\.name))
            for (index, name) in config.wellbeing.demanding.queues.enumerated() where !queues.contains(name) {
                let hint = Suggestion.closest(to: name, in: queues.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                report(.unknownReference, element("wellbeing.demanding.queues", index), "unknown queue \"\(name)\" (declare it under queues:\(hint))")
            }
        }

        mutating func checkCredentials(_ config: SwitchboardConfiguration) {
            let agents = Set(config.agents.map(\.id))
            var seen: [TokenHash: (path: String, principal: Principal)] = [:]
            for (index, credential) in config.credentials.entries.enumerated() {
                let path = element("credentials", index)
                if case .agent(let id) = credential.principal, !agents.contains(id) {
                    let hint = Suggestion.closest(to: id, in: agents.sorted()).map { "; did you mean \"\($0)\"?" } ?? ""
                    report(.unknownReference, "\(path).agent", "unknown agent \"\(id)\" (declare it under agents:\(hint))")
                }
                if let first = seen[credential.tokenHash] {
                    report(.duplicateToken, "\(path).token",
                           "the same token is already given to \(first.principal) at \(first.path)\(line(of: first.path + ".token")); every principal needs its own token")
                } else {
                    seen[credential.tokenHash] = (path, credential.principal)
                }
            }
        }
    }
}
