/// Escaping for text written into HTML or XML (the site report, the summary page, ODM
/// output): every text that came from the data goes through it, so a value holding
/// `<script>` stays inert (SPEC 7: reports are opened by site staff).
public enum Markup {
    /// Escapes `& < > " '` so that any text is inert in element content and attribute values;
    /// control characters (a NUL…) become visible `\u0000`-style text (`escapingControls`).
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
            case _ where isControl(c): out += controlEscape(c)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// `s` with each control character other than tab, LF and CR written as `\u0000`-style
    /// text, as JSON writes it (audit.jsonl): a NUL in a report or CSV cell truncates it in
    /// R and in browsers (issue 18.5).
    public static func escapingControls(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            if isControl(c) { out += controlEscape(c) } else { out.unicodeScalars.append(c) }
        }
        return out
    }

    static func isControl(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 && c != "\t" && c != "\n" && c != "\r"
    }

    static func controlEscape(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: false)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
