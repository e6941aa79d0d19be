import MMModel

extension RowReader {
    /// A `cytogenetics` row (SPEC 4.1): abnormality, result and (optional) method codes.
    mutating func mapCytogenetics(into batch: inout RecordBatch, log: inout StageLog) {
        let date = self.date(.date, required: true, log: &log)
        let abnormality = code(.abnormality, CodeLists.abnormality, required: true, log: &log)
        let result = code(.result, CodeLists.cytoResult, required: true, log: &log)
        let method = code(.method, CodeLists.cytoMethod, log: &log)
        guard let date, let abnormality, let result, !rejected else { return }
        batch.cytogenetics.append(CytogeneticResult(key: key, date: date, abnormality: abnormality, result: result,
                                                    method: method, provenance: provenance))
    }

    /// An `assessments` row (SPEC 4.1): the site's response, progression type, new lesion and
    /// plasmacytoma (`Y`/`N`) and the CRAB features present (`C;R;A;B`, also `,`-separated).
    mutating func mapAssessment(into batch: inout RecordBatch, log: inout StageLog) {
        let date = self.date(.date, required: true, log: &log)
        let response = code(.response, CodeLists.response, log: &log)
        let progressionType = code(.progressionType, CodeLists.progressionType, log: &log)
        let newLesion = code(.newLesion, CodeLists.yesNo, log: &log)
        let plasmacytoma = code(.plasmacytoma, CodeLists.yesNo, log: &log)
        let crab = crabFeatures(log: &log)
        guard let date, !rejected else { return }
        batch.assessments.append(Assessment(key: key, date: date, response: response, progressionType: progressionType,
                                            newLesion: newLesion, plasmacytoma: plasmacytoma, crab: crab,
                                            provenance: provenance))
    }

    /// The `crab` list: codes separated by `;` or `,` (or blanks); an unknown code is
    /// `SCH-004` and the known ones are kept.
    mutating func crabFeatures(log: inout StageLog) -> Set<CRABFeature> {
        let f = plan[.crab]
        let b = bytes(f)
        var features: Set<CRABFeature> = []
        var unknown = false
        for part in b.split(whereSeparator: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "|") }) {
            if let c = CodeLists.crab[part] { features.insert(c) } else { unknown = true }
        }
        if unknown {
            report(.SCH004, f, "\(at(f)): '\(text(f))' holds a code that is not a CRAB feature; the known features were kept — use C, R, A, B joined by ';'.",
                   rejects: false, log: &log)
        }
        return features
    }

    /// An `adverse_events` row (SPEC 4.1): term, CTCAE grade 1–5, dates, serious, related.
    mutating func mapAdverseEvent(into batch: inout RecordBatch, log: inout StageLog) {
        let termField = plan[.term]
        let term = text(termField)
        if term.isEmpty { missing(termField, rejects: true, log: &log) }
        let grade = number(.grade, what: " (CTCAE grade 1–5)", log: &log).map { Int($0) }
        let onset = date(.onsetDate, required: false, log: &log)
        let end = date(.endDate, required: false, log: &log)
        let serious = code(.serious, CodeLists.yesNo, log: &log)
        let related = code(.related, CodeLists.relatedness, log: &log)
        guard !rejected else { return }
        batch.adverseEvents.append(AdverseEvent(key: key, term: term, grade: grade, onsetDate: onset, endDate: end,
                                                serious: serious, related: related, provenance: provenance))
    }
}
