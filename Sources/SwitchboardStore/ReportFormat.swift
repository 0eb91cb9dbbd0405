import Foundation

/// How `switchboard report` prints a ``Report``.
public enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    /// Aligned columns for people (queues, agents, then alerts); durations in seconds.
    case table
    /// Two CSV tables (queues, then agents) separated by an empty line; durations in milliseconds.
    /// Alerts are in the table and JSON formats only.
    case csv
    /// The ``Report`` as JSON with sorted keys; durations in milliseconds; each alert's `subject` as an object.
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
        lines.append((["agent", "handled", "demanding_handled", "longest_demanding_streak", "aht_ms", "handling_ms", "available_ms",
                       "occupancy_percent"] + reasons.map { csvField("not_ready_\($0)_ms") }).joined(separator: ","))
        for a in agents {
            lines.append(([
                csvField(a.agentId), "\(a.handled)", "\(a.demandingHandled)", "\(a.longestDemandingStreak)",
                number(a.averageHandleTimeMs, digits: 1), "\(a.handlingMs)",
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
        out += Self.align([["agent", "handled", "demanding", "longest streak", "AHT", "handling", "available", "occupancy %"]
                           + reasons.map { "not ready: \($0)" }]
            + agents.map { a in
                [a.agentId, "\(a.handled)", "\(a.demandingHandled)", "\(a.longestDemandingStreak)", seconds(a.averageHandleTimeMs),
                 seconds(Double(a.handlingMs)), seconds(Double(a.availableMs)), percent(a.occupancyPercent)]
                    + reasons.map { seconds(Double(a.notReadyMs[$0] ?? 0)) }
            })
        out += "\nAlerts\n"
        guard !alerts.isEmpty else { return out + "none\n" }
        out += Self.align([["raised", "cleared", "kind", "severity", "acknowledged", "subject", "message"]]
            + alerts.map { alert in
                [Self.isoText(alert.raisedAt), alert.clearedAt.map(Self.isoText) ?? "-", alert.kind, alert.severity,
                 alert.acknowledgedBy.map { by in alert.acknowledgedAt.map { "\(by) \(Self.isoText($0))" } ?? by } ?? "-",
                 oneLine(alert.subject), oneLine(alert.message)]
            }, rightAligned: [])
        return out
    }

    /// Rows as columns padded to their widest cell; text columns left, `rightAligned` ones (numbers) right.
    private static func align(_ rows: [[String]], rightAligned: Set<Int>? = nil) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                let pad = String(repeating: " ", count: widths[column] - text.count)
                let right = rightAligned.map { $0.contains(column) } ?? (column != 0)
                return right ? pad + text : text + pad
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

/// `text` on one line: a line break or tab in a cell would break the table's columns.
private func oneLine(_ text: String) -> String {
    String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
}

private func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
