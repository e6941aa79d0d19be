import MMModel

/// Completeness of the key baseline fields over a site's patients in the analysis population
/// (SPEC 7 `report.html`: "completeness of key fields"), counted from their ADSL rows as they
/// are written (`PatientTally`).
struct SiteCompleteness {
    /// One key field: how many of the patients have it.
    struct Item {
        var label: String
        var why: String
        var present: Int
    }

    /// The key fields, what needs them, and whether an ADSL row has each.
    static let fields: [(label: String, why: String, has: @Sendable (ADSLRow) -> Bool)] = [
        ("Beta-2 microglobulin", "ISS, R-ISS and R2-ISS", { $0.B2M != nil }),
        ("Albumin", "ISS", { $0.ALB != nil }),
        ("LDH with its upper limit (ULN)", "R-ISS and R2-ISS", { $0.LDHHIFL != nil }),
        ("Cytogenetic risk (FISH/NGS) evaluable", "risk group, R-ISS and R2-ISS", { $0.CYTORISK != nil }),
        ("Measurable disease at index", "IMWG response", { $0.MEASDIS != nil && $0.MEASDIS != "NONE" }),
        ("ECOG performance status", "baseline table", { $0.ECOG != nil }),
        ("Creatinine clearance", "renal function (needs creatinine, weight, age, sex)", { $0.CRCL != nil }),
    ]

    var patients: Int
    var items: [Item]

    init(_ site: PatientTally.Site) {
        patients = site.analysed
        items = zip(Self.fields, site.present).map { Item(label: $0.label, why: $0.why, present: $1) }
    }
}
