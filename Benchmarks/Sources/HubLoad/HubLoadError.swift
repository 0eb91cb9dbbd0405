import SwitchboardStore

/// Why a run could not start or did not end cleanly.
public enum HubLoadError: Error, CustomStringConvertible {
    /// The hub refused to log in a simulated client.
    case loginRefused(String)
    /// The hub could not be built from the layout's configuration.
    case hubUnavailable(String)
    /// The store could not be opened or flushed.
    case store(StoreError)
    /// Some requests were never answered `ok`, or errors came back.
    case incomplete(HubLoadTally)

    public var description: String {
        switch self {
        case .loginRefused(let who): "the hub refused to log in '\(who)'"
        case .hubUnavailable(let why): "the routing hub could not start: \(why)"
        case .store(let error): "store: \(error)"
        case .incomplete(let tally): "MISSING ACKNOWLEDGEMENTS: \(tally.missingAcknowledgements) (\(tally.summary))"
        }
    }
}
