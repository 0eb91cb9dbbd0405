/// Why an agent is strained (the raw values name them on the wire).
public enum StrainReason: String, Sendable, Hashable, CaseIterable {
    /// K demanding contacts in a row; cleared when a non-demanding contact ends or the cool-down ends.
    case streak
    /// More demanding contacts in the rolling hour than the limit; cleared below it.
    case demandingLoad = "demanding_load"
    /// Busy above the ceiling share of the logged-in time in the rolling hour; cleared below it less the margin.
    case occupancy
    /// Working for the limit without a break; cleared at the agent's next break.
    case continuousBusy = "continuous_busy"

    var bit: UInt8 {
        switch self {
        case .streak: 1
        case .demandingLoad: 2
        case .occupancy: 4
        case .continuousBusy: 8
        }
    }
}

/// A set of reasons in one byte, listed in `StrainReason.allCases` order.
struct StrainReasons: Sendable, Hashable {
    var bits: UInt8 = 0

    var isEmpty: Bool { bits == 0 }

    func contains(_ reason: StrainReason) -> Bool { bits & reason.bit != 0 }

    mutating func set(_ reason: StrainReason, _ on: Bool) {
        bits = on ? bits | reason.bit : bits & ~reason.bit
    }

    var list: [StrainReason] { StrainReason.allCases.filter(contains) }
}
