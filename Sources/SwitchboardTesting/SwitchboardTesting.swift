// SwitchboardTesting
