import Prometheus
import Synchronization
import SwitchboardRouter

/// One queue's series, created when a scrape first sees the queue (at start, or after a reload added
/// it): counters follow the router's own running counts of the queue, gauges its state.
final class QueueSeries: Sendable {
    private let offered, answered, answeredWithinThreshold, abandoned, ended: Counter
    private let waiting, longestWait, serviceLevel, threshold: Gauge
    /// The router's counts at the previous scrape (guarded by the metrics' lock, like every call here).
    private let last = Mutex<[Int]>([0, 0, 0, 0, 0])

    init(_ name: String, _ registry: PrometheusCollectorRegistry) {
        let labels = [("queue", name)]
        offered = registry.makeCounter(name: "switchboard_queue_offered_total", labels: labels,
                                       help: "Interactions that entered the queue (arrivals, overflows and transfers in).")
        answered = registry.makeCounter(name: "switchboard_queue_answered_total", labels: labels, help: "Interactions of the queue an agent accepted.")
        answeredWithinThreshold = registry.makeCounter(
            name: "switchboard_queue_answered_within_threshold_total", labels: labels,
            help: "Interactions accepted within the queue's service_level_seconds of their enqueue.")
        abandoned = registry.makeCounter(name: "switchboard_queue_abandoned_total", labels: labels,
                                         help: "Interactions whose customer left before an answer.")
        ended = registry.makeCounter(name: "switchboard_queue_ended_total", labels: labels,
                                     help: "Interactions that left the queue unanswered by its max-wait rule.")
        waiting = registry.makeGauge(name: "switchboard_queue_waiting", labels: labels, help: "Interactions waiting now (no offer pending).")
        longestWait = registry.makeGauge(name: "switchboard_queue_longest_wait_seconds", labels: labels,
                                         help: "How long the queue's longest-waiting interaction has waited.")
        serviceLevel = registry.makeGauge(
            name: "switchboard_queue_service_level", labels: labels,
            help: "Share of answered interactions answered within the threshold, since start (NaN before the first answer).")
        threshold = registry.makeGauge(name: "switchboard_queue_service_level_threshold_seconds", labels: labels,
                                       help: "The queue's service_level_seconds.")
    }

    func update(_ queue: HubReading.Queue) {
        let stats = queue.statistics
        let counts = [stats.offered, stats.answered, stats.answeredWithinServiceLevel, stats.abandoned, stats.ended]
        last.withLock { last in
            for (index, counter) in [offered, answered, answeredWithinThreshold, abandoned, ended].enumerated() where counts[index] > last[index] {
                counter.increment(by: Int64(counts[index] - last[index]))
            }
            last = counts
        }
        waiting.set(to: Double(stats.waiting))
        longestWait.set(to: Double(ServerMetrics.nanoseconds(queue.longestWait)) / 1e9)
        serviceLevel.set(to: stats.serviceLevel ?? .nan)
        threshold.set(to: Double(ServerMetrics.nanoseconds(queue.serviceLevelThreshold)) / 1e9)
    }

    func unregister(from registry: PrometheusCollectorRegistry) {
        for counter in [offered, answered, answeredWithinThreshold, abandoned, ended] { registry.unregisterCounter(counter) }
        for gauge in [waiting, longestWait, serviceLevel, threshold] { registry.unregisterGauge(gauge) }
    }
}
