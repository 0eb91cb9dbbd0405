/// The bounds ``MessageDecoder`` puts on every client message, as `docs/PROTOCOL.md` ("Conventions")
/// states them.
///
/// Whatever a client sends is kept (in the store, in queues) and sent on (offers, events, errors), so
/// each string and each container has a bound; a message breaking one is `bad_request` naming the field.
public enum MessageLimits {
    /// Identifiers: interaction, queue, agent, customer and alert ids, tiers, skill names, not-ready reasons.
    public static let identifierBytes = 128
    /// Free text: reasons of accept/reject/cancel, dispositions.
    public static let textBytes = 512
    /// The `token` of `hello`: a static token or an identity provider's JWT, whose claims (group lists)
    /// and RSA signature easily pass 1 KiB; 8 KiB is what common HTTP servers allow a header.
    public static let tokenBytes = 8_192
    /// A request's `ref`, which every reply echoes (also an error before `hello`).
    public static let refBytes = 128
    /// The `before` cursor of a `customer` request: opaque, made by the server (the previous page's `next`).
    public static let cursorBytes = 256
    /// The `note` of an `ack_alert`, kept with the acknowledgement.
    public static let noteBytes = 1_024

    /// The most contacts one `customer` reply may hold (`limit`).
    public static let customerPageContacts = 200
    /// The contacts of one `customer` reply when the request names no `limit`.
    public static let customerPageDefault = 50

    /// Keys of `interaction.attributes`.
    public static let attributeKeys = 64
    /// Bytes of one attribute key.
    public static let attributeKeyBytes = 128
    /// Bytes of one string anywhere inside an attribute value.
    public static let attributeStringBytes = 4_096
    /// Arrays and objects nested inside one attribute value (`{"a":[1]}` nests 1).
    public static let attributeDepth = 8
    /// The attributes object as the server writes it (compact JSON): it goes out with every offer.
    public static let attributesBytes = 16_384

    /// What the JSON of one client message may hold, checked while parsing (before any field): the
    /// deepest legal message nests 11 (message, interaction, attributes, then 8), and 16 KiB of
    /// attributes hold at most ~8,200 values; beyond that, a large frame would only build a large tree.
    public static let json = JSONParser.Limits(maxDepth: 16, maxContainerCount: 1_024, maxValues: 10_000)
}
