import MMModel

/// Minimal HTML writing for the report: every text that came from the data goes through
/// `escape` (a value may hold `<script>`; SPEC 7: the report is opened by site staff).
enum HTML {
    /// Escapes data text for HTML (`Markup.escape`).
    static func escape(_ s: String) -> String { Markup.escape(s) }

    /// `n` as a whole percentage of `of`, rounded half up; nil when `of` is 0.
    static func percent(_ n: Int, of total: Int) -> Int? {
        guard total > 0 else { return nil }
        return (n * 200 + total) / (2 * total)
    }

    /// `1 row`, `2 rows`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : (plural ?? singular + "s"))"
    }
}
