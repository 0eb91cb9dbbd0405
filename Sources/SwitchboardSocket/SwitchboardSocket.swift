// SwitchboardSocket
