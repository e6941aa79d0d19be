import MMModel

/// A date as read from a field: the day, and how much of it the source gave (a partial date
/// `YYYY-MM` / `YYYY` carries the imputed day and its precision).
public struct ParsedDate: Sendable, Hashable {
    public var day: Day
    public var precision: DatePrecision
    public init(day: Day, precision: DatePrecision) {
        self.day = day
        self.precision = precision
    }
}

/// Date parsing straight from a field's bytes (SPEC 4.1): `YYYY-MM-DD` always, `DD/MM/YYYY`
/// and `MM/DD/YYYY` only when the pipeline file declares them (`input.date_formats`, tried in
/// order), an ISO date followed by a time (`2024-03-01T10:00`, ODM and REDCap datetimes), and
/// the partial dates `YYYY-MM`, `YYYY` (and `MM/YYYY` with a day-month format), completed by
/// `input.partial_dates`. Hot path: no `String` is built.
public enum ByteDate {
    public enum Outcome: Sendable, Hashable {
        case full(Day)
        /// A partial date: the year, and the month when given.
        case partial(year: Int, month: Int?)
        case invalid
    }

    /// Reads a trimmed field.
    public static func read(_ bytes: ArraySlice<UInt8>, formats: [DateFormat]) -> Outcome {
        let n = bytes.count
        guard n <= 32 else { return .invalid }  // a date is short; longer fields are not dates
        let base = bytes.startIndex
        func at(_ i: Int) -> UInt8 { bytes[base + i] }
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= n else { return nil }
            var v = 0
            for k in from..<(from + count) {
                let c = at(k)
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            return v
        }
        func isSep(_ i: Int, _ s: UInt8) -> Bool { i < n && at(i) == s }
        let dash = UInt8(ascii: "-"), slash = UInt8(ascii: "/")

        // ISO: YYYY-MM-DD, optionally followed by a time (`T` or space).
        if n >= 10, isSep(4, dash), isSep(7, dash), let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2),
           n == 10 || at(10) == UInt8(ascii: "T") || at(10) == UInt8(ascii: " ") {
            return Day(year: y, month: m, day: d).map { .full($0) } ?? .invalid
        }
        if n == 7, isSep(4, dash), let y = digits(0, 4), let m = digits(5, 2) {
            return validPartial(year: y, month: m)
        }
        if n == 4, let y = digits(0, 4) { return validPartial(year: y, month: nil) }

        // Slash formats: D/M/YYYY or M/D/YYYY with one- or two-digit day and month.
        var slashCount = 0, s1 = -1, s2 = -1
        for k in 0..<n where at(k) == slash {
            slashCount += 1
            if s1 < 0 { s1 = k } else if s2 < 0 { s2 = k }
        }
        if slashCount == 2 {
            let len1 = s1, len2 = s2 - s1 - 1
            guard (1...2).contains(len1), (1...2).contains(len2), n - s2 - 1 == 4,
                  let a = digits(0, len1), let c = digits(s1 + 1, len2), let y = digits(s2 + 1, 4) else { return .invalid }
            for format in formats {
                switch format {
                case .dmy: if let day = Day(year: y, month: c, day: a) { return .full(day) }
                case .mdy: if let day = Day(year: y, month: a, day: c) { return .full(day) }
                case .ymd: continue
                }
            }
            return .invalid
        }
        // MM/YYYY: a partial date written the day-month way.
        if slashCount == 1, formats.contains(where: { $0 != .ymd }) {
            let s = s1
            guard (1...2).contains(s), n - s - 1 == 4, let m = digits(0, s), let y = digits(s + 1, 4) else { return .invalid }
            return validPartial(year: y, month: m)
        }
        return .invalid
    }

    private static func validPartial(year: Int, month: Int?) -> Outcome {
        if let month {
            guard Day(year: year, month: month, day: 1) != nil else { return .invalid }
        } else {
            guard Day(year: year, month: 1, day: 1) != nil else { return .invalid }
        }
        return .partial(year: year, month: month)
    }

    /// Completes a partial date by the declared rule (SPEC 4.1): `first` = the 1st of the month
    /// / 1 January; `middle` = the 15th / 1 July; `last` = the month's last day / 31 December.
    /// nil for `reject`.
    public static func impute(year: Int, month: Int?, rule: PartialDateImputation) -> Day? {
        switch (rule, month) {
        case (.reject, _): return nil
        case (.first, let m?): return Day(year: year, month: m, day: 1)
        case (.first, nil): return Day(year: year, month: 1, day: 1)
        case (.middle, let m?): return Day(year: year, month: m, day: 15)
        case (.middle, nil): return Day(year: year, month: 7, day: 1)
        case (.last, let m?): return Day(year: year, month: m, day: Day.daysInMonth(year: year, month: m))
        case (.last, nil): return Day(year: year, month: 12, day: 31)
        }
    }
}
