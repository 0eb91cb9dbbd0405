// SwitchboardConfig
