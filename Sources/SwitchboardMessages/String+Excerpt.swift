extension StringProtocol {
    /// At most `limit` Unicode scalars of the text, for quoting a client's value in an error: a
    /// `Character` can be any number of scalars long, so `prefix` on characters bounds nothing.
    func excerpt(_ limit: Int = 40) -> String {
        var result = String.UnicodeScalarView()
        var count = 0
        for scalar in unicodeScalars {
            guard count < limit else { return String(result) + "…" }
            result.append(scalar)
            count += 1
        }
        return String(result)
    }
}
