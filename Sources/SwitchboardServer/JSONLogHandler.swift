import Foundation
public import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line to standard error (`server.log_format: json`):
/// `time` (RFC 3339, UTC, milliseconds), `level`, `label`, `message`, `source`, then every metadata
/// key (`sb.*`: the handler's, the metadata provider's and the message's, the message's winning) as
/// a member of its own. Log shippers read it without a parsing rule.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// A handler for `label` writing to standard error (the process's log, like the text format).
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: metadataProvider, write: StandardErrorLines.write)
    }

    /// A handler writing each line (newline included) through `write`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable ([UInt8]) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let own = event.metadata, !own.isEmpty {
            merged.merge(own) { _, new in new }
        }
        if let error = event.error, merged["error"] == nil { merged["error"] = "\(error)" }
        let line = JSONLogLine.render(epochMilliseconds: JSONLogLine.nowMilliseconds(), level: event.level, label: label,
                                      message: event.message.description, source: event.source, metadata: merged)
        write(line)
    }
}

/// Whole lines to standard error, one write each behind a lock, so lines of different threads never
/// interleave.
enum StandardErrorLines {
    private static let lock = Mutex(())

    static let write: @Sendable ([UInt8]) -> Void = { bytes in
        lock.withLock { _ in FileHandle.standardError.write(Data(bytes)) }
    }
}
