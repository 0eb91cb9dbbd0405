/// How the server writes its log lines (`server.log_format`).
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    /// One readable line per message: time, level, label, metadata, message.
    case text
    /// One JSON object per line, every metadata key a member of its own.
    case json
}
