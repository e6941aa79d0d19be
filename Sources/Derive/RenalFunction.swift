import Foundation
import MMModel

/// RULES.md 6, Cockcroft & Gault 1976: CrCl (mL/min) = (140 − age) × weight / (72 × creatinine),
/// × 0.85 for women (70 y, 70 kg, man, creatinine 1.0 mg/dL → 68.06; woman → 57.85).
public func cockcroftGault(age: Int, weightKg: Double, creatinine: Double, sex: Sex) -> Double {
    let crcl = Double(140 - age) * weightKg / (72 * creatinine)
    return sex == .female ? crcl * 0.85 : crcl
}

/// RULES.md 6, Inker et al., NEJM 2021 (CKD-EPI 2021, race-free): eGFR = 142 × min(Scr/κ,1)^α ×
/// max(Scr/κ,1)^−1.200 × 0.9938^age × 1.012 if female; κ 0.7/0.9, α −0.241/−0.302 (women/men)
/// (man 60 y, Scr 1.0 → 86.2).
public func ckdEpi2021(age: Int, creatinine: Double, sex: Sex) -> Double {
    let female = sex == .female
    let kappa = female ? 0.7 : 0.9, alpha = female ? -0.241 : -0.302
    let ratio = creatinine / kappa
    return 142 * pow(min(ratio, 1), alpha) * pow(max(ratio, 1), -1.200) * pow(0.9938, Double(age))
        * (female ? 1.012 : 1)
}

/// SPEC 7: `CRCL` is written with one decimal, rounded half away from zero.
public func roundedOneDecimal(_ x: Double) -> Double { (x * 10).rounded(.toNearestOrAwayFromZero) / 10 }

/// The renal function at index.
public struct RenalResult: Sendable, Hashable {
    /// CrCl (or the CKD-EPI fallback) rounded to one decimal.
    public var crcl: Double?
    /// `CRCL60FL`: CrCl < 60 mL/min (on the unrounded value).
    public var below60: Bool?
    /// `cockcroft_gault`, `ckd_epi_2021`, or nil.
    public var method: String?
    public var findings: [Finding]
}

/// RULES.md 6: CrCl at index from the baseline creatinine, the age in completed years at the sample
/// date, the baseline weight and sex; without weight, `crcl_fallback: ckd_epi_2021` or empty with a
/// `STG-004` finding naming what is missing.
public func renalFunction(creatinine: LabResult?, patient: Patient?, fallback: CrClFallback,
                          key: PatientKey) -> RenalResult {
    var missing: [String] = []
    let scr = creatinine?.number
    if (scr.map { $0 <= 0 } ?? true) { missing.append("baseline creatinine") }
    var age: Int?
    if let birth = patient?.birthDate, let date = creatinine?.date { age = date.completedYears(since: birth) }
    if age == nil && scr != nil { missing.append("birth date (age)") }
    if patient?.sex == nil { missing.append("sex") }
    let weight = patient?.weightKg.flatMap { $0 > 0 ? $0 : nil }
    if let scr, scr > 0, let age, let sex = patient?.sex {
        if let weight {
            let v = cockcroftGault(age: age, weightKg: weight, creatinine: scr, sex: sex)
            return RenalResult(crcl: roundedOneDecimal(v), below60: v < 60, method: "cockcroft_gault", findings: [])
        }
        if fallback == .ckdEpi2021 {
            let v = ckdEpi2021(age: age, creatinine: scr, sex: sex)
            return RenalResult(crcl: roundedOneDecimal(v), below60: v < 60, method: "ckd_epi_2021", findings: [])
        }
    }
    if weight == nil && !(fallback == .ckdEpi2021 && missing.isEmpty) { missing.insert("weight_kg", at: 0) }
    let source = patient?.provenance
    let finding = Finding(.STG004, key: key, table: .patients, provenance: source,
                          field: missing.first == "weight_kg" ? "weight_kg" : "CRCL", value: "",
                          message: "\(source?.source ?? "patients") \(missing.first ?? "CRCL"): creatinine clearance at the index date cannot be computed because \(missing.joined(separator: ", ")) \(missing.count == 1 ? "is" : "are") missing; enter the baseline value.")
    return RenalResult(crcl: nil, below60: nil, method: nil, findings: [finding])
}
