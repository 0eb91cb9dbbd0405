// SwitchboardTransport
