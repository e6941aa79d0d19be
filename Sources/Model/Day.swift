/// A calendar date without time zone, stored as days since 1970-01-01 (proleptic Gregorian).
///
/// Every clinical date in mmpipe is a `Day`: durations are plain differences
/// (RULES.md preamble: `ADT − STARTDT`, no +1) and months are days / 30.4375.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// A valid calendar date, or nil (e.g. 2024-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysInMonth(year: year, month: month),
              (1800...2200).contains(year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        rawValue = Int32(era * 146097 + doe - 719468)
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// (year, month, day) — Hinnant's civil_from_days.
    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(rawValue) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// ISO 8601 `YYYY-MM-DD`.
    public var iso: String {
        let c = components
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public var description: String { iso }

    public static func < (a: Day, b: Day) -> Bool { a.rawValue < b.rawValue }

    /// Days from `self` to `other` (`other − self`).
    public func days(to other: Day) -> Int { Int(other.rawValue) - Int(rawValue) }

    public func adding(days n: Int) -> Day { Day(rawValue: rawValue + Int32(n)) }

    public static func + (d: Day, n: Int) -> Day { d.adding(days: n) }
    public static func - (d: Day, n: Int) -> Day { d.adding(days: -n) }
    public static func - (a: Day, b: Day) -> Int { Int(a.rawValue) - Int(b.rawValue) }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Completed years from `birth` to `self` (age at a date). A birthday on 29 February
    /// is reached on 1 March in common years.
    public func completedYears(since birth: Day) -> Int {
        let a = birth.components, b = components
        var years = b.year - a.year
        if (b.month, b.day) < (a.month, a.day) { years -= 1 }
        return years
    }

    /// Days per month used for every month conversion (RULES.md preamble).
    public static let daysPerMonth = 30.4375
}

/// How much of a date the source gave (SPEC 4.1: partial dates `YYYY-MM` / `YYYY`).
public enum DatePrecision: String, Sendable, Codable {
    case day, month, year
}
