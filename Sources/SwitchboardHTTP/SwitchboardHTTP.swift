// SwitchboardHTTP
