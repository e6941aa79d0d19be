/// The haematological AEs checked against labs (CTCAE v5.0 terms and common synonyms).
public enum HaematologicalAE: String, Sendable, CaseIterable {
    case neutropenia, thrombocytopenia, anaemia

    /// The lab test that grades it.
    public var test: LabTest {
        switch self {
        case .neutropenia: return .anc
        case .thrombocytopenia: return .plt
        case .anaemia: return .hgb
        }
    }

    /// The highest grade a lab value alone can show (CTCAE v5: anaemia grade 4 and any
    /// grade 5 are clinical, not lab, grades).
    public var highestLabGrade: Int { self == .anaemia ? 3 : 4 }

    /// The lab grade that supports a reported grade (RULES.md 9, `AE-001`): the grade, capped at
    /// what a lab can show (anaemia 4 or any 5 needs the highest lab grade).
    public func labGrade(supporting grade: Int) -> Int { min(grade, highestLabGrade) }

    /// Matches an AE term case-insensitively (`Neutropenia`, `Neutrophil count decreased`,
    /// `Febrile neutropenia`, `Platelet count decreased`, `Anemia`, …).
    public init?(term: String) {
        let t = term.lowercased()
        if t.contains("neutropeni") || t.contains("neutrophil count decreased") || t.contains("agranulocytosis") {
            self = .neutropenia
        } else if t.contains("thrombocytopeni") || t.contains("platelet count decreased") {
            self = .thrombocytopenia
        } else if t.contains("anaemi") || t.contains("anemi") || t.contains("hemoglobin decreased")
                    || t.contains("haemoglobin decreased") {
            self = .anaemia
        } else {
            return nil
        }
    }
}
