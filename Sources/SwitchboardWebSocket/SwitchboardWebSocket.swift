// SwitchboardWebSocket
