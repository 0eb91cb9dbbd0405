extension StringProtocol {
    /// Whether the text holds a C0 control (U+0000–U+001F), DEL (U+007F) or a C1 control
    /// (U+0080–U+009F).
    ///
    /// Identifiers and free text refuse them: a NUL cuts a string in every C API it reaches (the
    /// store's once turned `dup\0a` into `dup`), and the others break logs, reports and terminals.
    var containsControlCharacters: Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte < 0x20 || byte == 0x7F { return true }
            // C1 controls are encoded 0xC2 0x80…0xC2 0x9F; 0xC2 is never a continuation byte.
            if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F { return true }
            previous = byte
        }
        return false
    }
}
