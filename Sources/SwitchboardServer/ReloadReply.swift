import SwitchboardConfig
import SwitchboardMessages

/// The `ok` fields of an applied reload.
enum ReloadReply {
    static func fields(_ summary: ConfigChangeSummary) -> [(key: String, value: JSONValue)] {
        func names(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
        func changed(_ map: [String: [String]]) -> JSONValue {
            .object(map.keys.sorted().map { ($0, names(map[$0] ?? [])) })
        }
        return [
            ("summary", .string(summary.description)),
            ("changes", .object([
                ("queuesAdded", names(summary.queuesAdded)),
                ("queuesRemoved", names(summary.queuesRemoved)),
                ("queuesChanged", changed(summary.queuesChanged)),
                ("agentsAdded", names(summary.agentsAdded)),
                ("agentsRemoved", names(summary.agentsRemoved)),
                ("agentsChanged", changed(summary.agentsChanged)),
                ("skillsAdded", names(summary.skillsAdded)),
                ("skillsRemoved", names(summary.skillsRemoved)),
                ("tokensChanged", .number(Double(summary.tokensChanged))),
                ("sectionsChanged", names(summary.sectionsChanged)),
            ])),
        ]
    }
}
