/// Escaping for text written into HTML or XML (the site report, the summary page, ODM
/// output): every text that came from the data goes through it, so a value holding
/// `<script>` stays inert (SPEC 7: reports are opened by site staff).
public enum Markup {
    /// Escapes `& < > " '` so that any text is inert in element content and attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
