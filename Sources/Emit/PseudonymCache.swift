import MMModel

/// `USUBJID`s computed on demand with a bounded memory (SPEC 7: the pseudonym; SPEC 8: memory
/// flat in the number of patients). Emit asks for the same patient many times in a row
/// (findings are sorted by site and subject, audit entries follow their patient), so a few
/// thousand entries answer nearly every call; when they are full they are dropped and
/// recomputed as needed. A pseudonym is a pure function of the key, so what the cache holds never
/// changes an output, only how often HMAC-SHA-256 runs.
struct PseudonymCache {
    let pseudonyms: Pseudonymizer
    let capacity: Int
    private var known: [PatientKey: String] = [:]

    init(_ pseudonyms: Pseudonymizer, capacity: Int) {
        self.pseudonyms = pseudonyms
        self.capacity = max(1, capacity)
    }

    /// Patients whose `USUBJID` is held now (at most `capacity`).
    var count: Int { known.count }

    /// `STUDYID-SITEID-pseudonym` of `key`.
    mutating func usubjid(_ key: PatientKey) -> String {
        if let u = known[key] { return u }
        let u = pseudonyms.usubjid(key)
        if known.count >= capacity { known.removeAll(keepingCapacity: true) }
        known[key] = u
        return u
    }
}
