/// What the clients asked for and what the hub answered, to prove that every acknowledgement arrived.
public struct HubLoadTally: Sendable, Hashable {
    /// Requests handed to the hub, by kind.
    public var enqueues = 0
    public var accepts = 0
    public var completes = 0
    /// `ok` answers received, by the kind of request they answer.
    public var enqueueOks = 0
    public var acceptOks = 0
    public var completeOks = 0
    /// Offers agents received.
    public var offers = 0
    /// `error` answers and unexpected messages (revocations, closes): each one is a defect of the run.
    public var errors = 0
    /// The first few of those, for the report.
    public var firstErrors: [String] = []

    /// Acknowledgements still owed by the hub.
    public var missingAcknowledgements: Int {
        (enqueues - enqueueOks) + (accepts - acceptOks) + (completes - completeOks)
    }

    /// Every request answered `ok` and nothing went wrong.
    public var isComplete: Bool { missingAcknowledgements == 0 && errors == 0 }

    public var summary: String {
        "enqueue \(enqueueOks)/\(enqueues) ok, accept \(acceptOks)/\(accepts) ok, complete \(completeOks)/\(completes) ok, "
            + "offers \(offers), errors \(errors)"
            + (firstErrors.isEmpty ? "" : " (first: \(firstErrors.joined(separator: " | ")))")
    }

    mutating func noteError(_ text: String) {
        errors += 1
        if firstErrors.count < 3 { firstErrors.append(text) }
    }
}
