import MMModel

/// Completeness of the key baseline fields over a site's patients in the analysis population
/// (SPEC 7 `report.html`: "completeness of key fields"), read from their ADSL rows.
struct SiteCompleteness {
    /// One key field: how many of the patients have it.
    struct Item {
        var label: String
        var why: String
        var present: Int
    }

    var patients: Int
    var items: [Item]

    init(_ rows: [ADSLRow]) {
        patients = rows.count
        func count(_ has: (ADSLRow) -> Bool) -> Int { rows.reduce(0) { $0 + (has($1) ? 1 : 0) } }
        items = [
            Item(label: "Beta-2 microglobulin", why: "ISS, R-ISS and R2-ISS", present: count { $0.B2M != nil }),
            Item(label: "Albumin", why: "ISS", present: count { $0.ALB != nil }),
            Item(label: "LDH with its upper limit (ULN)", why: "R-ISS and R2-ISS", present: count { $0.LDHHIFL != nil }),
            Item(label: "Cytogenetic risk (FISH/NGS) evaluable", why: "risk group, R-ISS and R2-ISS",
                 present: count { $0.CYTORISK != nil }),
            Item(label: "Measurable disease at index", why: "IMWG response",
                 present: count { $0.MEASDIS != nil && $0.MEASDIS != "NONE" }),
            Item(label: "ECOG performance status", why: "baseline table", present: count { $0.ECOG != nil }),
            Item(label: "Creatinine clearance", why: "renal function (needs creatinine, weight, age, sex)",
                 present: count { $0.CRCL != nil }),
        ]
    }
}
