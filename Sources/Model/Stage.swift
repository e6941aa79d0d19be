import Foundation

/// An ISS / R-ISS / R2-ISS stage.
public enum Stage: Int, Sendable, Hashable, CaseIterable, Comparable {
    case i = 1, ii, iii, iv
    public var roman: String { ["I", "II", "III", "IV"][rawValue - 1] }
    public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }

    /// Parses a site-reported stage (`I`, `II`, `III`, `IV`, `1`…`4`, `stage II`).
    public init?(reported: String) {
        var s = reported.uppercased().replacingOccurrences(of: "STAGE", with: "")
        s = s.replacingOccurrences(of: "R-ISS", with: "").replacingOccurrences(of: "ISS", with: "")
        s = s.trimmingCharacters(in: .whitespaces)
        switch s {
        case "I", "1": self = .i
        case "II", "2": self = .ii
        case "III", "3": self = .iii
        case "IV", "4": self = .iv
        default: return nil
        }
    }
}

/// The three staging systems of RULES.md 5, named as the findings and the trace name them.
public enum StagingSystem: String, Sendable, Hashable, CaseIterable {
    case iss = "ISS"
    case riss = "R-ISS"
    case r2iss = "R2-ISS"
}
