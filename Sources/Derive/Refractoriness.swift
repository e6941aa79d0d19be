import MMModel

// Drug and class exposure and refractoriness at the index date (RULES.md 4; Gandhi et al.,
// Leukemia 2019, MAMMOTH: refractory groups).

/// The classes that refractoriness is reported for (RULES.md 4 "Classes").
public enum RefractoryClass: String, Sendable, Hashable, CaseIterable {
    case imid = "IMID", pi = "PI", antiCD38 = "CD38"
}

/// RULES.md 4: IMiD = thalidomide, lenalidomide, pomalidomide (CELMoDs iberdomide, mezigdomide only
/// with `celmods_are_imids`); PI = bortezomib, carfilzomib, ixazomib; anti-CD38 = daratumumab,
/// isatuximab. The drug dictionary's classes are honoured too (a CELMoD stays a CELMoD).
public func refractoryClasses(drug: String, classes: Set<DrugClass>, celmodsAreIMiDs: Bool) -> Set<RefractoryClass> {
    let name = drug.lowercased()
    var out = Set<RefractoryClass>()
    let celmod = DrugName.celmods.contains(name) || classes.contains(.celmod)
    if DrugName.imids.contains(name) || (classes.contains(.imid) && !celmod)
        || (celmod && celmodsAreIMiDs) {
        out.insert(.imid)
    }
    if DrugName.proteasomeInhibitors.contains(name) || classes.contains(.pi) { out.insert(.pi) }
    if DrugName.antiCD38.contains(name) || classes.contains(.antiCD38) { out.insert(.antiCD38) }
    return out
}

/// RULES.md 4 (a): a progression (up to and including the index date) dated within
/// `[first dose, last dose + refractory_window_days]` of the drug on one line (60 days: day 60
/// in, day 61 out).
public func progressedOnOrWithinWindow(firstDose: Day, lastDose: Day, progressions: [Day], indexDate: Day,
                                       windowDays: Int) -> Bool {
    progressionOnOrWithinWindow(firstDose: firstDose, lastDose: lastDose, progressions: progressions,
                                indexDate: indexDate, windowDays: windowDays) != nil
}

/// RULES.md 4 (a), naming the evidence: the first progression in that window, if any.
public func progressionOnOrWithinWindow(firstDose: Day, lastDose: Day, progressions: [Day], indexDate: Day,
                                        windowDays: Int) -> Day? {
    progressions.filter {
        $0.isInRefractoryWindow(firstDose: firstDose, lastDose: lastDose, windowDays: windowDays, indexDate: indexDate)
    }.min()
}

/// RULES.md 4 (b): the drug was given for at least `nonresponse_min_days` (first to last dose within
/// the line) and the best confirmed category among the line's assessments dated while on it is below
/// MR (SD or PD). Not evaluable (no confirmed category while on the drug) → false.
public func noResponseWhileOn(firstDose: Day, lastDose: Day, assessments: [AssessmentOutcome],
                              minDays: Int) -> Bool {
    guard lastDose - firstDose >= minDays,
          let best = bestConfirmedWhileOn(firstDose: firstDose, lastDose: lastDose, assessments: assessments)
    else { return false }
    return best < .mr
}

/// RULES.md 4 (b)'s evidence: the best confirmed category (not `NE`) among the assessments dated
/// from the first to the last dose; nil when none is.
public func bestConfirmedWhileOn(firstDose: Day, lastDose: Day, assessments: [AssessmentOutcome]) -> ResponseCategory? {
    assessments.filter { $0.date >= firstDose && $0.date <= lastDose }
        .compactMap(\.confirmed).filter { $0 != .ne }.max()
}

/// Why one drug of one line before the index line is refractory or not (RULES.md 4): the
/// window of (a) with the progression found in it, and the best response of (b).
public struct RefractoryEvidence: Sendable, Hashable {
    public var line: Int
    public var drug: String
    public var firstDose: Day
    /// Last dose within the line (the day before the next line, or the index date, when ongoing).
    public var lastDose: Day
    /// `lastDose + refractory_window_days`: (a) looks for a progression in `[firstDose, windowEnd]`.
    public var windowEnd: Day
    /// The first progression in that window (a); nil when none.
    public var progression: Day?
    /// The best confirmed category while on the drug (b); nil when none was evaluable.
    public var bestWhileOn: ResponseCategory?
    /// (b) holds: given for at least `nonresponse_min_days` and best below MR.
    public var noResponse: Bool

    public var refractory: Bool { progression != nil || noResponse }
}

/// Exposure and refractoriness of every drug and class at the index date.
public struct RefractoryProfile: Sendable, Hashable {
    /// One entry per drug the patient was exposed to before the index date, sorted by name.
    public var drugs: [DrugStatus]
    public var classExposed: Set<RefractoryClass>
    public var classRefractory: Set<RefractoryClass>
    /// `CD38GAP`: days from the last anti-CD38 dose to the index date; nil if never exposed.
    public var cd38Gap: Int?
    /// `CD38LSTFL`: the line just before the index line contains an anti-CD38 (false for line 1).
    public var cd38InLineBeforeIndex: Bool
    /// Each drug of each line before the index line, judged (a) and (b): the evidence behind
    /// every refractory flag, in line then drug order.
    public var evidence: [RefractoryEvidence]

    public init(drugs: [DrugStatus], classExposed: Set<RefractoryClass>, classRefractory: Set<RefractoryClass>,
                cd38Gap: Int?, cd38InLineBeforeIndex: Bool, evidence: [RefractoryEvidence] = []) {
        self.drugs = drugs
        self.classExposed = classExposed
        self.classRefractory = classRefractory
        self.cd38Gap = cd38Gap
        self.cd38InLineBeforeIndex = cd38InLineBeforeIndex
        self.evidence = evidence
    }

    public func status(_ drug: String) -> DrugStatus? { drugs.first { $0.drug == drug } }
    public func exposed(_ drug: String) -> Bool { status(drug)?.exposed ?? false }
    public func refractory(_ drug: String) -> Bool { status(drug)?.refractory ?? false }

    /// TCE: exposed to an IMiD, a PI and an anti-CD38 (RULES.md 4).
    public var tripleClassExposed: Bool { classExposed.isSuperset(of: [.imid, .pi, .antiCD38]) }
    /// TCR: refractory to ≥1 IMiD, ≥1 PI and ≥1 anti-CD38.
    public var tripleClassRefractory: Bool { classRefractory.isSuperset(of: [.imid, .pi, .antiCD38]) }
    /// Double-refractory: IMiD + PI.
    public var doubleRefractory: Bool { classRefractory.isSuperset(of: [.imid, .pi]) }
    /// Quad-refractory: lenalidomide, pomalidomide, bortezomib and carfilzomib.
    public var quadRefractory: Bool {
        DrugName.quadRefractory.allSatisfy(refractory)
    }
    /// Penta-refractory: quad-refractory and refractory to an anti-CD38.
    public var pentaRefractory: Bool { quadRefractory && classRefractory.contains(.antiCD38) }
}

/// RULES.md 4 (Gandhi 2019): exposure = any dose before the index date; refractory = on some line
/// before the index line, (a) or (b) — each line judged on its own.
///
/// - Parameters:
///   - lines: the patient's lines (`deriveLines`).
///   - exposures: the resolved rows (`LineDerivation.exposures`), for exposure and last doses.
///   - indexLine: `INDEXLOT`; indexDate: `INDEXDT`.
///   - progressions: confirmed computed or reported PD dates.
///   - lineResponses: the response engine's per-line results (for (b)); may be empty.
public func refractoriness(lines: [TherapyLine], exposures: [ResolvedExposure], indexLine: Int, indexDate: Day,
                           progressions: [Day], lineResponses: [LineResponse],
                           options: RefractorinessOptions) -> RefractoryProfile {
    // Exposure and last dose before the index date, from every row (bridges included).
    var lastDose: [String: Day] = [:]
    var classesOf: [String: Set<DrugClass>] = [:]
    for r in exposures where !r.exposure.isTransplant && r.exposure.start < indexDate {
        let d = r.exposure.drug
        let last = min(r.end ?? (indexDate - 1), indexDate - 1)
        lastDose[d] = max(lastDose[d] ?? last, last)
        classesOf[d, default: []].formUnion(r.exposure.classes)
    }
    // Refractoriness from the lines before the index line.
    var refractory = Set<String>()
    var evidence: [RefractoryEvidence] = []
    for line in lines where line.number < indexLine {
        let assessments = lineResponses.first { $0.line == line.number }?.assessments ?? []
        for span in line.drugSpans(includingSteroids: true) {
            let last = span.lastDose ?? (line.nextStart.map { $0 - 1 } ?? indexDate)
            let e = RefractoryEvidence(
                line: line.number, drug: span.drug, firstDose: span.firstDose, lastDose: last,
                windowEnd: last + clampedDays(options.refractoryWindowDays),
                progression: progressionOnOrWithinWindow(firstDose: span.firstDose, lastDose: last,
                                                         progressions: progressions, indexDate: indexDate,
                                                         windowDays: options.refractoryWindowDays),
                bestWhileOn: bestConfirmedWhileOn(firstDose: span.firstDose, lastDose: last, assessments: assessments),
                noResponse: noResponseWhileOn(firstDose: span.firstDose, lastDose: last, assessments: assessments,
                                              minDays: options.nonresponseMinDays))
            evidence.append(e)
            if e.refractory { refractory.insert(span.drug) }
        }
    }
    var drugs: [DrugStatus] = []
    var classExposed = Set<RefractoryClass>(), classRefractory = Set<RefractoryClass>()
    var cd38Last: Day?
    for d in lastDose.keys.sorted() {
        let rc = refractoryClasses(drug: d, classes: classesOf[d] ?? [], celmodsAreIMiDs: options.celmodsAreIMiDs)
        let isRefractory = refractory.contains(d)
        classExposed.formUnion(rc)
        if isRefractory { classRefractory.formUnion(rc) }
        if rc.contains(.antiCD38), let l = lastDose[d] { cd38Last = max(cd38Last ?? l, l) }
        drugs.append(DrugStatus(drug: d, classes: (classesOf[d] ?? []).sorted(), exposed: true,
                                refractory: isRefractory, lastDose: lastDose[d]))
    }
    var cd38Before = false
    if indexLine > 1, let before = lines.first(where: { $0.number == indexLine - 1 }) {
        cd38Before = before.members.contains {
            refractoryClasses(drug: $0.exposure.drug, classes: $0.exposure.classes,
                              celmodsAreIMiDs: options.celmodsAreIMiDs).contains(.antiCD38)
        }
    }
    return RefractoryProfile(drugs: drugs, classExposed: classExposed, classRefractory: classRefractory,
                             cd38Gap: cd38Last.map { indexDate - $0 }, cd38InLineBeforeIndex: cd38Before,
                             evidence: evidence)
}
