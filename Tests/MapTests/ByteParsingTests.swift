import MMModel
import Testing
@testable import MMMap

@Suite("Numbers and dates from bytes (SPEC 4.1)")
struct ByteParsingTests {
    @Test("numbers: decimal point, decimal comma, sign, exponent", arguments: [
        ("0.92", 0.92), ("0,92", 0.92), ("11.1", 11.1), ("11,1", 11.1), ("-3", -3.0), ("+2.5", 2.5), ("1e-5", 1e-5),
        ("2.5E3", 2500.0), (" 7 ", 7.0), ("100", 100.0), (",5", 0.5), ("5.", 5.0), ("0.0001", 0.0001),
        ("123456789.123456789", 123456789.123456789), ("1e300", 1e300), ("84.7", 84.7), ("0,6206", 0.6206),
    ])
    func numbers(_ text: String, _ expected: Double) {
        #expect(ByteNumber.parse(Array(text.utf8)[...]) == expected)
        #expect(ByteNumber.parse(Array(text.utf8)[...]) == Double(text.replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces)))
    }

    @Test("garbage is not a number", arguments: ["", " ", "abc", "12 g", "1.234,5", "1,2,3", "--1", "1e", "e5", ".", "1e5x",
                                                  "NaN", "inf", "<5", "5%"])
    func garbage(_ text: String) {
        #expect(ByteNumber.parse(Array(text.utf8)[...]) == nil)
    }

    @Test("dates in the declared formats", arguments: [
        ("2024-03-01", [DateFormat.ymd, .dmy], "2024-03-01"),
        ("01/03/2024", [.ymd, .dmy], "2024-03-01"),
        ("1/3/2024", [.ymd, .dmy], "2024-03-01"),
        ("03/01/2024", [.ymd, .mdy], "2024-03-01"),
        ("03/01/2024", [.ymd, .dmy, .mdy], "2024-01-03"),
        ("12/31/2024", [.ymd, .dmy, .mdy], "2024-12-31"),   // not a D/M date: the next format
        ("2024-03-01T10:30:00", [.ymd], "2024-03-01"),
        ("2024-02-29", [.ymd], "2024-02-29"),
    ])
    func dates(_ text: String, _ formats: [DateFormat], _ expected: String) {
        #expect(ByteDate.read(Array(text.utf8)[...], formats: formats) == .full(Day(iso: expected)!))
    }

    @Test("invalid dates", arguments: [
        ("2023-02-29", [DateFormat.ymd, .dmy]), ("2024-13-01", [.ymd]), ("01/03/2024", [.ymd]),
        ("12/31/2024", [.ymd, .dmy]), ("31/12/24", [.dmy]), ("2024/03/01", [.ymd, .dmy]), ("yesterday", [.ymd]),
        ("2024-3-1", [.ymd]), ("", [.ymd]),
    ])
    func invalidDates(_ text: String, _ formats: [DateFormat]) {
        #expect(ByteDate.read(Array(text.utf8)[...], formats: formats) == .invalid)
    }

    @Test("partial dates are recognised", arguments: [
        ("2024-03", 2024, 3 as Int?), ("2024", 2024, nil), ("03/2024", 2024, 3),
    ])
    func partial(_ text: String, _ year: Int, _ month: Int?) {
        #expect(ByteDate.read(Array(text.utf8)[...], formats: [.ymd, .dmy]) == .partial(year: year, month: month))
    }

    @Test("partial-date imputation rules (SPEC 4.1)", arguments: [
        (PartialDateImputation.first, 2024, 2 as Int?, "2024-02-01"), (.first, 2024, nil, "2024-01-01"),
        (.middle, 2024, 2, "2024-02-15"), (.middle, 2024, nil, "2024-07-01"),
        (.last, 2024, 2, "2024-02-29"), (.last, 2023, 2, "2023-02-28"), (.last, 2024, nil, "2024-12-31"),
    ])
    func imputation(_ rule: PartialDateImputation, _ year: Int, _ month: Int?, _ expected: String) {
        #expect(ByteDate.impute(year: year, month: month, rule: rule) == Day(iso: expected))
    }

    @Test("reject imputes nothing")
    func rejectRule() {
        #expect(ByteDate.impute(year: 2024, month: 2, rule: .reject) == nil)
    }
}
