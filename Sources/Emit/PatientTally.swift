import MMModel

/// What the outputs need of the run's patients once their rows are written (SPEC 8: memory
/// flat in the number of patients): per site, how many were derived, how many are in the
/// analysis population, how many have no line of the index regimen (`LOT-003`, attrition),
/// the completeness counts of the key baseline fields (`report.html`) and the latest date known
/// alive (the report's "data up to"). Nothing is kept per patient: the `--key-map` file's
/// patients are noted by `DatasetSession.write` (`KeyMapStore`), their `USUBJID`s computed
/// again when needed (`PseudonymCache`).
public struct PatientTally: Sendable {
    /// One site's counts.
    public struct Site: Sendable {
        public var patients = 0
        public var analysed = 0
        /// Outside the analysis population for want of a line of the index regimen (`LOT-003`).
        public var withoutIndexRegimen = 0
        /// Per `SiteCompleteness.fields`: analysed patients who have it.
        public var present = [Int](repeating: 0, count: SiteCompleteness.fields.count)
        public var latestAlive: Day?
    }

    public private(set) var sites: [String: Site] = [:]
    /// Patients counted.
    public private(set) var patients = 0

    public init() {}

    public init(_ derivations: [PatientDerivation]) {
        for d in derivations { add(d) }
    }

    /// Counts one derived patient (his ADSL row, or the reason he has none).
    public mutating func add(_ d: PatientDerivation) {
        patients += 1
        var s = sites[d.key.site] ?? Site()
        s.patients += 1
        if let adsl = d.adsl {
            s.analysed += 1
            for (i, field) in SiteCompleteness.fields.enumerated() where field.has(adsl) { s.present[i] += 1 }
            if let alive = adsl.LSTALVDT { s.latestAlive = max(s.latestAlive ?? alive, alive) }
        } else if d.findings.contains(where: { $0.rule == .LOT003 }) {
            s.withoutIndexRegimen += 1
        }
        sites[d.key.site] = s
    }

    public var analysed: Int { sites.values.reduce(0) { $0 + $1.analysed } }
    public var withoutIndexRegimen: Int { sites.values.reduce(0) { $0 + $1.withoutIndexRegimen } }
    /// The latest date known alive among the patients: the "as of" date of the data.
    public var latestAlive: Day? { sites.values.compactMap(\.latestAlive).max() }

    /// The tally of one site's patients alone (its package, SPEC 7).
    func only(site: String) -> PatientTally {
        var one = PatientTally()
        if let s = sites[site] {
            one.sites[site] = s
            one.patients = s.patients
        }
        return one
    }
}
