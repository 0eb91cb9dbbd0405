#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Erlang C queueing formulas (Poisson arrivals, one contact per agent, no abandons).
///
/// Computed with the Erlang B recursion `B(k) = A·B(k−1) / (k + A·B(k−1))`, which never forms a
/// factorial or a power and so neither overflows nor loses precision for hundreds of agents.
public enum ErlangC {
    /// Probability that an arriving contact has to wait, with `agents` agents and `traffic` erlangs
    /// (arrival rate × average handle time). 1 when the traffic meets or exceeds the agents.
    public static func probabilityOfWaiting(agents: Int, traffic: Double) -> Double {
        guard agents > 0, traffic.isFinite, traffic >= 0 else { return 1 }
        if traffic == 0 { return 0 }
        let n = Double(agents)
        if traffic >= n { return 1 }
        var b = 1.0
        for k in 1...agents {
            let ab = traffic * b
            b = ab / (Double(k) + ab)
        }
        return n * b / (n - traffic * (1 - b))
    }

    /// Average speed of answer in seconds: P(wait)·AHT / (N − A); nil when the queue is unstable.
    public static func averageSpeedOfAnswer(agents: Int, traffic: Double, averageHandleSeconds: Double) -> Double? {
        guard agents > 0, traffic < Double(agents), averageHandleSeconds > 0 else { return nil }
        return probabilityOfWaiting(agents: agents, traffic: traffic) * averageHandleSeconds / (Double(agents) - traffic)
    }

    /// Share of contacts answered within `threshold` seconds: 1 − P(wait)·e^(−(N−A)·T/AHT).
    public static func serviceLevel(agents: Int, traffic: Double, averageHandleSeconds: Double, threshold: Double) -> Double {
        guard agents > 0, traffic < Double(agents), averageHandleSeconds > 0 else { return 0 }
        let pw = probabilityOfWaiting(agents: agents, traffic: traffic)
        return 1 - pw * exp(-(Double(agents) - traffic) * threshold / averageHandleSeconds)
    }
}
