/// The flow of patients from the upload to the analysis population (SPEC 9 `attrition.csv`),
/// drawn CONSORT-style in `report.html` and `summary.html`. Each step has the patients (or,
/// for the first, the rows) entering it and those excluded at it, with the reason.
public struct AttritionStep: Sendable, Hashable {
    public var step: String
    public var n: Int
    public var excluded: Int
    public var reason: String

    public init(step: String, n: Int, excluded: Int, reason: String) {
        self.step = step
        self.n = n
        self.excluded = excluded
        self.reason = reason
    }
}

public enum AttritionFlow {
    public static let columns = ["STEP", "N", "EXCLUDED", "REASON"]

    /// The steps back from `attrition.csv`'s cells (header excluded); nil when a row is not
    /// four fields with integer counts.
    public static func steps(records: [[String]]) -> [AttritionStep]? {
        var out: [AttritionStep] = []
        for r in records where !r.isEmpty {
            guard r.count == 4, let n = Int(r[1]), let x = Int(r[2]) else { return nil }
            out.append(AttritionStep(step: r[0], n: n, excluded: x, reason: r[3]))
        }
        return out
    }

    /// The flow as HTML (boxes down the page, exclusions to the side), self-contained CSS.
    public static func html(_ steps: [AttritionStep]) -> String {
        var o = "<div class=\"flow\" style=\"font-size:13px;max-width:760px\">\n"
        for (k, s) in steps.enumerated() {
            o += "<div style=\"display:flex;align-items:center;gap:14px\">"
            o += "<div style=\"border:1.5px solid #333;padding:6px 12px;min-width:300px;background:#fafafa\"><b>\(Markup.escape(s.step))</b><br>n = \(s.n)</div>"
            if s.excluded > 0 {
                o += "<div style=\"color:#555\">→ excluded \(s.excluded): \(Markup.escape(s.reason))</div>"
            }
            o += "</div>\n"
            if k + 1 < steps.count { o += "<div style=\"margin-left:150px;color:#333\">↓</div>\n" }
        }
        return o + "</div>\n"
    }
}
