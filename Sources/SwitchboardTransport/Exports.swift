// The transport's API speaks in these modules' types (messages, close codes, request heads,
// event loops), so importing SwitchboardTransport is enough for an application.
@_exported import SwitchboardHTTP
@_exported import SwitchboardSocket
@_exported import SwitchboardWebSocket
