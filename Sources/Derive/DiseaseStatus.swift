import MMModel

/// RULES.md 7, tested in this order:
/// - `REFRACTORY`: a progression during the previous line (first to last dose) or within
///   `refractory_window_days` (60) of its last dose, or no response on it (BOR below MR after at
///   least `nonresponse_min_days` on the line, response evaluable — RULES.md 4 (b));
/// - else `NO_PROGRESSION`: no progression between the previous line's start and the index date,
///   both included;
/// - else `SYMPTOMATIC_RELAPSE`: a clinical relapse feature (RULES.md 2.5) at an assessment dated
///   after the previous line's end up to and including the index date, with its labs — labs
///   drawn on the index date count (`indexDateRelapse`, RULES.md 7 version 2);
/// - else `BIOCHEMICAL_RELAPSE`.
/// nil when the index line is the first line (newly diagnosed).
///
/// - Parameters:
///   - previousLine: the line just before the index line (nil → first line).
///   - previousBOR: that line's best overall response (nil when unknown).
///   - progressions: confirmed computed or reported PD dates.
///   - assessments: every assessment outcome of the patient (any line).
///   - indexDateRelapse: a relapse feature in the labs drawn on the index date
///     (`relapseFeatureOnIndexDate`).
public func diseaseStatus(previousLine: TherapyLine?, previousBOR: ResponseCategory?, indexDate: Day,
                          progressions: [Day], assessments: [AssessmentOutcome], indexDateRelapse: Bool = false,
                          options: RefractorinessOptions) -> DiseaseStatus? {
    guard let prev = previousLine else { return nil }
    let lastDose = prev.end ?? (indexDate - 1)
    let onOrWithin = progressions.contains {
        $0.isInRefractoryWindow(firstDose: prev.start, lastDose: lastDose, windowDays: options.refractoryWindowDays,
                                indexDate: indexDate)
    }
    let noResponse = previousBOR.map { $0 != .ne && $0 < .mr } ?? false
        && lastDose - prev.start >= options.nonresponseMinDays
    if onOrWithin || noResponse { return .refractory }
    if !progressions.contains(where: { $0 >= prev.start && $0 <= indexDate }) { return .noProgression }
    if indexDateRelapse || assessments.contains(where: { $0.relapseFeature && $0.date > lastDose && $0.date <= indexDate }) {
        return .symptomaticRelapse
    }
    return .biochemicalRelapse
}
