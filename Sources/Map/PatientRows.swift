import MMModel

extension RowReader {
    /// A `patients` row (SPEC 4.1). Only a missing or invalid `patient_id`/`site_id` rejects
    /// it: the patient row anchors every other record of the patient, so a missing or invalid
    /// `sex`, `birth_date`, `diagnosis_date` or `last_contact_date` is an ERROR finding with the
    /// value left empty, and the patient kept.
    mutating func mapPatient(into batch: inout RecordBatch, log: inout StageLog) {
        var p = Patient(key: key, provenance: provenance)
        p.sex = code(.sex, CodeLists.sex, required: true, rejects: false, log: &log)
        p.birthDate = date(.birthDate, required: true, log: &log)
        p.diagnosisDate = date(.diagnosisDate, required: true, log: &log)
        p.lastContactDate = date(.lastContactDate, required: true, log: &log)
        p.deathDate = date(.deathDate, required: false, log: &log)
        p.heavyChain = code(.heavyChain, CodeLists.heavyChain, log: &log)
        p.lightChain = code(.lightChain, CodeLists.lightChain, log: &log)
        p.ecog = number(.ecog, what: " (ECOG 0–4)", log: &log).map { Int($0) }
        p.weightKg = number(.weightKg, what: " kg", log: &log)
        p.heightCm = number(.heightCm, what: " cm", log: &log)
        p.reportedISS = code(.iss, CodeLists.stage, log: &log)
        p.reportedRISS = code(.riss, CodeLists.stage, log: &log)
        p.extramedullary = code(.extramedullary, CodeLists.yesNo, log: &log)
        batch.patients.append(p)
    }
}

extension CodeLists {
    /// Site-reported ISS / R-ISS stage (`I`, `II`, `III`; also `1`–`3`, `ISS II`).
    public static let stage: ByteCodeTable<String> = ByteCodeTable(.alphanumeric, [
        ("I", "I"), ("II", "II"), ("III", "III"), ("1", "I"), ("2", "II"), ("3", "III"),
        ("ISS I", "I"), ("ISS II", "II"), ("ISS III", "III"), ("R-ISS I", "I"), ("R-ISS II", "II"),
        ("R-ISS III", "III"), ("stage I", "I"), ("stage II", "II"), ("stage III", "III"),
    ])
}
