import Foundation

/// How `switchboard report` prints a ``Report``.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// Aligned columns for people; durations in seconds.
    case table
    /// Two CSV tables (queues, then agents) separated by an empty line; durations in milliseconds.
    case csv
    /// The ``Report`` as JSON with sorted keys; durations in milliseconds.
    case json
}

extension Report {
    /// The report rendered in `format`, ending with a newline.
    public func formatted(_ format: ReportFormat) -> String {
        switch format {
        case .table: tableText()
        case .csv: csvText()
        case .json: jsonText()
        }
    }

    private var notReadyReasons: [String] {
        Set(agents.flatMap { $0.notReadyMs.keys }).sorted()
    }

    private func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func csvText() -> String {
        var lines = ["queue,offered,answered,abandoned,answered_within_threshold,service_level_threshold_ms,service_level_percent,asa_ms,handled,aht_ms"]
        for q in queues {
            lines.append([
                csvField(q.queue), "\(q.offered)", "\(q.answered)", "\(q.abandoned)", "\(q.answeredWithinThreshold)",
                "\(q.serviceLevelThresholdMs)", number(q.serviceLevelPercent, digits: 2),
                number(q.averageSpeedOfAnswerMs, digits: 1), "\(q.handled)", number(q.averageHandleTimeMs, digits: 1),
            ].joined(separator: ","))
        }
        lines.append("")
        let reasons = notReadyReasons
        lines.append((["agent", "handled", "aht_ms", "handling_ms", "available_ms", "occupancy_percent"]
            + reasons.map { csvField("not_ready_\($0)_ms") }).joined(separator: ","))
        for a in agents {
            lines.append(([
                csvField(a.agentId), "\(a.handled)", number(a.averageHandleTimeMs, digits: 1), "\(a.handlingMs)",
                "\(a.availableMs)", number(a.occupancyPercent, digits: 2),
            ] + reasons.map { "\(a.notReadyMs[$0] ?? 0)" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func tableText() -> String {
        var out = "Switchboard report \(Self.isoText(from)) to \(Self.isoText(to))"
        if let queue { out += " (queue \(queue))" }
        out += "\n\nQueues\n"
        out += Self.align([["queue", "offered", "answered", "abandoned", "SL %", "SL threshold", "ASA", "handled", "AHT"]]
            + queues.map { q in
                [q.queue, "\(q.offered)", "\(q.answered)", "\(q.abandoned)", percent(q.serviceLevelPercent),
                 seconds(Double(q.serviceLevelThresholdMs)), seconds(q.averageSpeedOfAnswerMs), "\(q.handled)",
                 seconds(q.averageHandleTimeMs)]
            })
        let reasons = notReadyReasons
        out += "\nAgents\n"
        out += Self.align([["agent", "handled", "AHT", "handling", "available", "occupancy %"] + reasons.map { "not ready: \($0)" }]
            + agents.map { a in
                [a.agentId, "\(a.handled)", seconds(a.averageHandleTimeMs), seconds(Double(a.handlingMs)),
                 seconds(Double(a.availableMs)), percent(a.occupancyPercent)]
                    + reasons.map { seconds(Double(a.notReadyMs[$0] ?? 0)) }
            })
        return out
    }

    private static func align(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + pad : pad + text
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func isoText(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}

private func number(_ value: Double?, digits: Int) -> String {
    guard let value else { return "" }
    return String(format: "%.\(digits)f", value)
}

private func percent(_ value: Double?) -> String {
    value.map { String(format: "%.1f", $0) } ?? "-"
}

private func seconds(_ ms: Double?) -> String {
    guard let ms else { return "-" }
    return String(format: "%.1fs", ms / 1000)
}

private func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
